package dev.rexd.core.session;

import org.jspecify.annotations.Nullable;

/**
 * Where a watched session's events also go (protocol section 9.3): a queue that never blocks the
 * publisher. An offer that does not fit returns false; the session then drops the watcher, which
 * tells its peer ({@code session.unwatched}, reason {@code slow}) once what it queued was sent.
 *
 * <pre>{@code
 * session.watch(watcher);               // later events are offered to it too
 * session.publishToWatchers(event, p);  // lifecycle events only watchers receive
 * }</pre>
 */
public interface SessionWatcher {
  /** Queues one encoded notification without blocking; false when the queue is full or closed. */
  boolean offer(String frame);

  /**
   * Queues one output event given as UTF-8 bytes (shared; not to be changed), like {@link #offer};
   * {@code tag} names the chunk, when known.
   */
  boolean offerOutput(@Nullable OutputTag tag, byte[] frame);

  /**
   * The connection this watcher feeds. When that connection is also subscribed (the owner
   * watching its own session), it already receives the session's events as a subscriber, and the
   * lifecycle events are queued on it directly when it has room, else offered to the watcher:
   * nothing arrives twice.
   */
  EventChannel channel();
}
