package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import org.jspecify.annotations.Nullable;

/**
 * The base of every exception the client throws, itself a {@link RexdException}: the server answered
 * with an error ({@link RexdRemoteException}, {@link RexdUnauthorizedException}), the connection
 * failed or a library it needs is missing ({@link RexdTransportException}), a deadline passed
 * ({@link RexdTimeoutException}), a call was canceled ({@link RexdCanceledException}), or a targets
 * file is wrong ({@link RexdTargetsException}). Failures found on the client side carry a
 * {@link #code() code} and a {@link #reason() reason} too: {@code -32603} and {@code client_error}
 * unless a subclass says otherwise.
 *
 * <pre>{@code
 * try {
 *   session.fs().readString("missing.txt");
 * } catch (RexdClientException e) {
 *   log.warn("rexd call failed: " + e.getMessage());
 * }
 * }</pre>
 */
public class RexdClientException extends RexdException {
  private static final long serialVersionUID = 1L;

  /** The reason of a client-side failure no subclass describes. */
  public static final String CLIENT_ERROR = "client_error";

  /** An exception with this message and no cause. */
  public RexdClientException(String message) {
    this(message, null);
  }

  /** An exception with this message and cause. */
  public RexdClientException(String message, @Nullable Throwable cause) {
    super(ErrorCode.INTERNAL_ERROR, CLIENT_ERROR, message, cause);
  }

  /** A client-side failure with its own code and reason. */
  protected RexdClientException(ErrorCode code, String reason, String message, @Nullable Throwable cause) {
    super(code, reason, message, cause);
  }

  /** An error a peer reported, with the code and data exactly as received. */
  RexdClientException(int rawCode, String message, java.util.Map<String, Object> data) {
    super(codeOf(rawCode), rawCode, reasonOf(data), message, null);
    data.forEach(this::with);
  }

  private static ErrorCode codeOf(int rawCode) {
    ErrorCode known = ErrorCode.fromCode(rawCode);
    return known == null ? ErrorCode.INTERNAL_ERROR : known;
  }

  private static String reasonOf(java.util.Map<String, Object> data) {
    return data.get("reason") instanceof String s ? s : "unknown";
  }
}
