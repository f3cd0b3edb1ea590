package dev.rexd.client;

import org.jspecify.annotations.Nullable;

/**
 * The connection to the server failed or is closed: every pending call fails with this at once, and
 * later calls fail immediately.
 *
 * <pre>{@code
 * try {
 *   session.exec("make").run();
 * } catch (RexdTransportException e) {
 *   reconnect();
 * }
 * }</pre>
 */
public final class RexdTransportException extends RexdClientException {
  private static final long serialVersionUID = 1L;

  /** A failure with this message and optional cause. */
  public RexdTransportException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
