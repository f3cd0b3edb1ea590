/**
 * Hosts that dial out (protocol section 9.8): {@link dev.rexd.hub.host} is the host's side
 * ({@code rexd --connect}), {@link dev.rexd.hub.server} the hub, {@link dev.rexd.hub.wire} what the
 * two say to each other.
 */
@NullMarked
package dev.rexd.hub;

import org.jspecify.annotations.NullMarked;
