package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * The server cannot be reached, the connection failed or is closed, or a library the transport needs
 * is missing from the class path (the message names its {@code groupId:artifactId}). The same
 * failure is this exception on every transport: a refused TCP connection, a failed TLS handshake, a
 * dead stdio child. When a connection ends, every pending call fails with it at once and later
 * calls fail immediately (a WebSocket client first tries to reconnect; see
 * {@link RexdClient.Builder#reconnect}).
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
    super(ErrorCode.INTERNAL_ERROR, "transport_failed", message, cause);
  }
}
