/**
 * What a hub and its hosts say to each other besides relayed REXD: the control methods, the
 * headers of their sockets, host names.
 */
@NullMarked
package dev.rexd.hub.wire;

import org.jspecify.annotations.NullMarked;
