package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.rpc.RpcError;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server answered a call with a JSON-RPC error: its {@link #code() code}, the stable
 * {@link #reason() reason} word and the {@link #data() data} object, so callers branch on data and
 * never on message text.
 *
 * <pre>{@code
 * try {
 *   session.fs().write("a.txt", "x").mode(WriteMode.CREATE).apply();
 * } catch (RexdRemoteException e) {
 *   if (e.code() == ErrorCode.CONCURRENCY_CONFLICT && e.reason().equals(Reasons.EXISTS)) { ... }
 * }
 * }</pre>
 */
public final class RexdRemoteException extends RexdClientException {
  private static final long serialVersionUID = 1L;

  private final String method;
  private final ErrorCode code;
  private final int rawCode;
  private final String reason;
  private final Map<String, Object> data;

  /** The error a call of {@code method} received. */
  RexdRemoteException(String method, RpcError error) {
    this(method, error.toException());
  }

  private RexdRemoteException(String method, RexdException e) {
    super(method + " failed: " + e.getMessage() + " (" + e.rawCode() + " " + e.reason() + ")");
    this.method = method;
    this.code = e.code();
    this.rawCode = e.rawCode();
    this.reason = e.reason();
    this.data = Map.copyOf(withoutNulls(e.data()));
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> in) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    in.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** The method that failed, e.g. {@code fs.read}. */
  public String method() {
    return method;
  }

  /** The error code; {@link ErrorCode#INTERNAL_ERROR} for a code REXD does not define. */
  public ErrorCode code() {
    return code;
  }

  /** The numeric code exactly as received. */
  public int rawCode() {
    return rawCode;
  }

  /** The stable {@code data.reason} word, e.g. {@code not_found}; {@code unknown} if absent. */
  public String reason() {
    return reason;
  }

  /** The error's {@code data} object (JSON values as maps, lists, strings, numbers, booleans). */
  public Map<String, Object> data() {
    return data;
  }

  /** The {@code data.path} the server named, if any. */
  public @Nullable String path() {
    Object p = data.get("path");
    return p instanceof String ? (String) p : null;
  }

  /** Whether the server no longer knows the session the call named (it was closed). */
  boolean isSessionNotFound() {
    return code == ErrorCode.INVALID_PARAMS && Reasons.SESSION_NOT_FOUND.equals(reason);
  }
}
