package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.rpc.RpcError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The server answered a call with a JSON-RPC error: its {@link #code() code}, the stable
 * {@link #reason() reason} word and the {@link #data() data} object, so callers branch on data and
 * never on message text. A refused token is the subclass {@link RexdUnauthorizedException} on every
 * transport.
 *
 * <pre>{@code
 * try {
 *   session.fs().write("a.txt", "x").mode(WriteMode.CREATE).apply();
 * } catch (RexdRemoteException e) {
 *   if (e.code() == ErrorCode.CONCURRENCY_CONFLICT && e.reason().equals(Reasons.EXISTS)) { ... }
 * }
 * }</pre>
 */
public sealed class RexdRemoteException extends RexdClientException permits RexdUnauthorizedException {
  private static final long serialVersionUID = 1L;

  private final String method;

  RexdRemoteException(String method, RexdException e) {
    super(e.rawCode(), method + " failed: " + e.getMessage() + " (" + e.rawCode() + " " + e.reason() + ")",
        withoutNulls(e.data()));
    this.method = method;
  }

  /**
   * The exception for the error a call of {@code method} received: a {@link RexdUnauthorizedException}
   * for {@code -32001}, else a {@link RexdRemoteException}. Client transports use it to report a
   * refusal that came outside a JSON-RPC response (a refused WebSocket upgrade).
   *
   * <pre>{@code
   * throw RexdRemoteException.of("connect", new RpcError(-32001, "upgrade refused with HTTP 401", data));
   * }</pre>
   */
  public static RexdRemoteException of(String method, RpcError error) {
    RexdException e = error.toException();
    return e.rawCode() == ErrorCode.UNAUTHORIZED.code() ? new RexdUnauthorizedException(method, e)
        : new RexdRemoteException(method, e);
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((k, v) -> {
      if (v != null) {
        out.put(k, v);
      }
    });
    return out;
  }

  /** The method that failed, e.g. {@code fs.read}; {@code connect} for a refused connection. */
  public String method() {
    return method;
  }

  /** The {@code data.path} the server named, if any. */
  public @Nullable String path() {
    return data().get("path") instanceof String p ? p : null;
  }

  /** Whether the server no longer knows the session the call named (it was closed). */
  boolean isSessionNotFound() {
    return code() == ErrorCode.INVALID_PARAMS && Reasons.SESSION_NOT_FOUND.equals(reason());
  }
}
