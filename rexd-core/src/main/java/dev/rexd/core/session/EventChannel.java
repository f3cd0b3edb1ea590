package dev.rexd.core.session;

/**
 * Where a session's events go: a streaming connection subscribed to it.
 *
 * {@code
 * session.subscribe(connection);   // connection implements EventChannel
 * }
 */
public interface EventChannel {

  /**
   * Queues one encoded notification, blocking while the channel's bounded queue is full (this is
   * how a slow reader slows a child process). Returns false, without blocking, once the channel
   * has closed.
   */
  boolean deliver(String frame) throws InterruptedException;

  /** Whether the channel still accepts frames. */
  boolean isOpen();
}
