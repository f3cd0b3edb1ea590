package dev.rexd.client;

import dev.rexd.api.RexdException;

/**
 * The server refused the bearer token ({@code -32001}): the same exception whether the refusal came
 * as the answer to a {@code POST /rpc}, as a refused WebSocket upgrade (method {@code connect}) or
 * from any other transport. {@code data.http_status} names the HTTP status where there was one.
 *
 * <pre>{@code
 * try (RexdClient rexd = RexdTargets.load().connect("ci"); RexdSession s = rexd.openSession()) {
 *   ...
 * } catch (RexdUnauthorizedException e) {
 *   System.err.println("the token for ci is wrong: " + e.getMessage());
 * }
 * }</pre>
 */
public final class RexdUnauthorizedException extends RexdRemoteException {
  private static final long serialVersionUID = 1L;

  RexdUnauthorizedException(String method, RexdException e) {
    super(method, e);
  }
}
