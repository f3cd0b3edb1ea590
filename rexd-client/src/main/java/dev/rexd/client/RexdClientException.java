package dev.rexd.client;

import org.jspecify.annotations.Nullable;

/**
 * The base of every exception the client throws: the server answered with an error
 * ({@link RexdRemoteException}), the connection failed ({@link RexdTransportException}), a deadline
 * passed ({@link RexdTimeoutException}), a call was canceled ({@link RexdCanceledException}), or a
 * targets file is wrong ({@link RexdTargetsException}).
 *
 * <pre>{@code
 * try {
 *   session.fs().readString("missing.txt");
 * } catch (RexdClientException e) {
 *   log.warn("rexd call failed: " + e.getMessage());
 * }
 * }</pre>
 */
public class RexdClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with this message and no cause. */
  public RexdClientException(String message) {
    super(message);
  }

  /** An exception with this message and cause. */
  public RexdClientException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
