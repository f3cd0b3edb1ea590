/**
 * The hub: {@link dev.rexd.hub.server.RexdHub} accepts hosts on {@code /agents} and relays each
 * client of {@code /ws} to the hosts it names, one data connection per client and host.
 */
@NullMarked
package dev.rexd.hub.server;

import org.jspecify.annotations.NullMarked;
