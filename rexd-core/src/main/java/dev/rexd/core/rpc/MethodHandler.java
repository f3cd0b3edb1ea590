package dev.rexd.core.rpc;

/**
 * Handles one JSON-RPC method: gets the params decoded into the method's record and returns the
 * result record. Throwing a {@link dev.rexd.api.RexdException} answers with its code, reason and
 * data; any other exception is {@code -32603} with an incident id, its details in the local log
 * only. Handlers run on the server's executor, concurrently with other calls.
 *
 * <pre>{@code
 * MethodHandler<SessionInfoParams, OkResult> ping = (call, p) -> {
 *   call.session(p.sessionId());    // -32602 session_not_found for an unknown session
 *   return OkResult.OK;
 * };
 * }</pre>
 *
 * @param <P> the params record
 * @param <R> the result record
 */
@FunctionalInterface
public interface MethodHandler<P, R> {
  R handle(CallContext call, P params) throws Exception;
}
