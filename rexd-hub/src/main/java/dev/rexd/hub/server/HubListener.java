package dev.rexd.hub.server;

import dev.rexd.hub.wire.HostEntry;

/**
 * Hears hosts connect to a hub and leave it. Called on the hub's socket threads: return quickly.
 *
 * <pre>{@code
 * RexdHub.builder().listener(new HubListener() {
 *   public void hostConnected(HostEntry host) { log.info("{} is up", host.name()); }
 *   public void hostLeft(HostEntry host) { log.info("{} left", host.name()); }
 * });
 * }</pre>
 */
public interface HubListener {
  /** A host registered (also after a reconnect, or when a new connection replaced its old one). */
  default void hostConnected(HostEntry host) {}

  /** A host's control connection ended (a replaced connection does not count). */
  default void hostLeft(HostEntry host) {}
}
