package dev.rexd.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A REXD error: a JSON-RPC code, a stable snake_case {@code reason} and optional extra data.
 *
 * <p>The root of every REXD exception. Servers throw it from handlers and it becomes the error
 * response; the client's exceptions ({@code dev.rexd.client.RexdClientException} and its subclasses:
 * an error the server answered, a broken connection, a deadline, a cancellation, a bad targets file)
 * extend it, so one {@code catch (RexdException e)} catches every failure of a call, including a
 * record that refused a missing field on the client side. {@link #data()} always holds
 * {@code reason}.
 *
 * <pre>{@code
 * throw RexdException.of(ErrorCode.INVALID_PARAMS, "not_found", "no such file: a.txt").with("path", "/w/a.txt");
 *
 * try {
 *   session.fs().readString("a.txt");
 * } catch (RexdException e) {
 *   log.warn(e.code() + " " + e.reason() + ": " + e.getMessage());
 * }
 * }</pre>
 */
public class RexdException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final int rawCode;
  private final Map<String, Object> data;

  protected RexdException(ErrorCode code, int rawCode, String reason, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
    this.rawCode = rawCode;
    this.data = new LinkedHashMap<>();
    this.data.put("reason", reason);
  }

  /** An error with this code (sent as its own number), reason, message and optional cause. */
  protected RexdException(ErrorCode code, String reason, String message, @Nullable Throwable cause) {
    this(code, code.code(), reason, message, cause);
  }

  /** An error with this code, reason and message. */
  public static RexdException of(ErrorCode code, String reason, String message) {
    return new RexdException(code, code.code(), reason, message, null);
  }

  /** An error as a peer reported it; an unknown numeric code maps to {@link ErrorCode#INTERNAL_ERROR}. */
  public static RexdException fromWire(int rawCode, String message, @Nullable Map<String, Object> data) {
    ErrorCode known = ErrorCode.fromCode(rawCode);
    Object reason = data == null ? null : data.get("reason");
    RexdException e = new RexdException(known == null ? ErrorCode.INTERNAL_ERROR : known, rawCode,
        reason instanceof String s ? s : "unknown", message, null);
    if (data != null) {
      e.data.putAll(data);
    }
    return e;
  }

  /** {@code -32602} with a reason. */
  public static RexdException invalidParams(String reason, String message) {
    return of(ErrorCode.INVALID_PARAMS, reason, message);
  }

  /** {@code -32602 session_not_found}. */
  public static RexdException sessionNotFound(String sessionId) {
    return invalidParams(Reasons.SESSION_NOT_FOUND, "unknown session: " + sessionId).with("session_id", sessionId);
  }

  /** {@code -32002} naming the refused path and the roots it had to lie in. */
  public static RexdException forbiddenPath(String path, List<String> allowedRoots) {
    return of(ErrorCode.FORBIDDEN_PATH, Reasons.OUTSIDE_ROOTS, "path is outside the allowed roots: " + path)
        .with("path", path)
        .with("allowed_roots", List.copyOf(allowedRoots));
  }

  /** Adds one data field and returns this exception. */
  public RexdException with(String key, @Nullable Object value) {
    data.put(key, value);
    return this;
  }

  /** The code as a constant; {@link ErrorCode#INTERNAL_ERROR} for a code REXD does not define. */
  public ErrorCode code() {
    return code;
  }

  /** The numeric code exactly as sent or received. */
  public int rawCode() {
    return rawCode;
  }

  /** The stable reason word, e.g. {@code not_found}. */
  public String reason() {
    return (String) data.getOrDefault("reason", "unknown");
  }

  /** The {@code data} object of the error response, with {@code reason} first. */
  public Map<String, Object> data() {
    return Collections.unmodifiableMap(data);
  }

  /** {@code -32700}: the frame was not JSON. Its response carries {@code id: null}. */
  public static final class Parse extends RexdException {
    private static final long serialVersionUID = 1L;

    public Parse(String message) {
      super(ErrorCode.PARSE_ERROR, ErrorCode.PARSE_ERROR.code(), Reasons.BAD_JSON, message, null);
    }
  }
}
