package dev.rexd.transport.http.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.core.RexdServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /rpc} (protocol section 1): one JSON-RPC request or batch per body, answered with
 * the response ({@code 200}) or an empty {@code 204} when the body held only notifications. Parse
 * errors are {@code 200} with a {@code -32700} body; a body over {@code max_message_bytes} is
 * {@code 413}; other methods are {@code 405}; refused callers get {@code 401}/{@code 403} with a
 * {@code -32001} body. Events are not delivered over POST. Register it with async support so
 * long calls ({@code exec.wait}) do not hold a container thread.
 *
 * <pre>{@code
 * ServletRegistration.Dynamic rpc = servletContext.addServlet("rexd-rpc", new RpcServlet(server, security));
 * rpc.addMapping("/rpc");
 * rpc.setAsyncSupported(true);
 * }</pre>
 */
public final class RpcServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(RpcServlet.class.getName());

  private final transient RexdServer server;
  private final transient HttpSecurity security;

  public RpcServlet(RexdServer server, HttpSecurity security) {
    this.server = server;
    this.security = security;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    HttpCaller caller = RexdSecurityFilter.admit(security, req, resp);
    if (caller == null) {
      return;
    }
    if (!"POST".equals(req.getMethod())) {
      JsonResponses.methodNotAllowed(req, resp, "POST");
      return;
    }
    int max = server.limits().maxMessageBytes();
    byte[] body = req.getContentLengthLong() > max ? null : readBody(req.getInputStream(), max);
    if (body == null) {
      resp.setHeader("Connection", "close"); // the rest of the body is not read
      JsonResponses.error(resp, 413, ErrorCode.INVALID_REQUEST, Reasons.MESSAGE_TOO_LARGE,
          "request body exceeds max_message_bytes (" + max + ")");
      return;
    }
    String frame = decodeUtf8(body);
    if (frame == null) {
      JsonResponses.error(resp, 200, ErrorCode.PARSE_ERROR, Reasons.BAD_JSON, "request body is not valid UTF-8");
      return;
    }
    CompletableFuture<Optional<String>> answer;
    try {
      answer = server.handle(frame, caller.asPrincipal());
    } catch (IllegalStateException closed) {
      JsonResponses.error(resp, 503, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "server is shutting down");
      return;
    }
    if (!req.isAsyncSupported()) {
      respond(resp, answer.join());
      return;
    }
    AsyncContext async = req.startAsync();
    async.setTimeout(0); // calls end by their own timeouts (hard_timeout_ms)
    answer.whenComplete((out, failure) -> {
      try {
        respond((HttpServletResponse) async.getResponse(), out);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "client left before its response: " + e);
      } finally {
        async.complete();
      }
    });
  }

  private static void respond(HttpServletResponse resp, @Nullable Optional<String> out) throws IOException {
    if (out == null) {
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "the call failed");
    } else if (out.isEmpty()) {
      resp.setStatus(204);
    } else {
      JsonResponses.write(resp, 200, out.get());
    }
  }

  /**
   * The body, or null as soon as it grows past {@code max} bytes: the rest (of a chunked body, or
   * one whose length was not declared) is never read, and the connection closes after the 413.
   */
  private static byte @Nullable [] readBody(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    for (int n; (n = in.read(buf, 0, (int) Math.min(buf.length, max + 1L - out.size()))) > 0; ) {
      out.write(buf, 0, n);
      if (out.size() > max) {
        return null;
      }
    }
    return out.toByteArray();
  }

  private static @Nullable String decodeUtf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
