package dev.rexd.transport.http.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON bodies: JSON-RPC error responses with {@code id: null} for refusals and HTTP-level
 * errors, and plain JSON for other answers.
 *
 * <pre>{@code
 * JsonResponses.error(resp, 413, ErrorCode.INVALID_REQUEST, "message_too_large", "body exceeds 16777216 bytes");
 * }</pre>
 */
final class JsonResponses {
  static final String CONTENT_TYPE = "application/json";

  private JsonResponses() {}

  static void write(HttpServletResponse resp, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType(CONTENT_TYPE);
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  static void error(HttpServletResponse resp, int status, ErrorCode code, String reason, String message)
      throws IOException {
    write(resp, status, JsonRpcCodec.encode(JsonRpcResponse.failure(null, RexdException.of(code, reason, message))));
  }

  /**
   * A refused request: {@code 401} (with {@code WWW-Authenticate}) or {@code 403} as
   * {@code -32001}, a malformed one ({@code 400}) as {@code -32600}.
   */
  static void refuse(HttpServletRequest req, HttpServletResponse resp, HttpSecurity.Refusal refusal)
      throws IOException {
    closeIfBodyUnread(req, resp);
    if (refusal.status() == 401) {
      resp.setHeader("WWW-Authenticate", "Bearer realm=\"rexd\"");
    }
    ErrorCode code = refusal.status() == 400 ? ErrorCode.INVALID_REQUEST : ErrorCode.UNAUTHORIZED;
    error(resp, refusal.status(), code, refusal.reason(), refusal.message());
  }

  /** {@code 405} naming the allowed method. */
  static void methodNotAllowed(HttpServletRequest req, HttpServletResponse resp, String allowed) throws IOException {
    closeIfBodyUnread(req, resp);
    resp.setHeader("Allow", allowed);
    error(resp, 405, ErrorCode.INVALID_REQUEST, "method_not_allowed",
        "method " + req.getMethod() + " not allowed here; use " + allowed);
  }

  /**
   * Answering without reading a request body leaves it on the connection: say the connection
   * closes, so the client does not send its next request on it.
   */
  static void closeIfBodyUnread(HttpServletRequest req, HttpServletResponse resp) {
    if (req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null) {
      resp.setHeader("Connection", "close");
    }
  }
}
