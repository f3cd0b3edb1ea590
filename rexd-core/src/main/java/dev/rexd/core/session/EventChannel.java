package dev.rexd.core.session;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Where a session's events go: a streaming connection subscribed to it.
 *
 * <pre>{@code
 * session.subscribe(connection);   // connection implements EventChannel
 * }</pre>
 */
public interface EventChannel {

  /**
   * Queues one encoded notification, blocking while the channel's bounded queue is full (this is
   * how a slow reader slows a child process). Returns false, without blocking, once the channel
   * has closed.
   */
  boolean deliver(String frame) throws InterruptedException;

  /**
   * Queues one encoded notification given as UTF-8 bytes (an output event), with the same blocking
   * and ordering as {@link #deliver(String)}. The array is shared with other channels and must not
   * be changed. The default decodes it.
   */
  default boolean deliverUtf8(byte[] frame) throws InterruptedException {
    return deliver(new String(frame, StandardCharsets.UTF_8));
  }

  /**
   * Queues one encoded notification only if the channel has room for it now, in order with what
   * was queued before by {@link #deliver}; false, without blocking, when it has not or has closed.
   * The default never queues, and the caller sends the frame its own way.
   */
  default boolean offer(String frame) {
    return false;
  }

  /** Whether the channel still accepts frames. */
  boolean isOpen();

  /**
   * Runs {@code action} once the channel has closed (at once when it already has). Returns what
   * forgets the action, for a user done before the channel closes, so that the channel holds on
   * to nothing of it; null when this channel cannot tell when it closes, and its user has to look
   * at {@link #isOpen()} from time to time instead. The default cannot tell.
   */
  default @Nullable Runnable whenClosed(Runnable action) {
    return null;
  }
}
