package dev.rexd.transport.http.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.AccessRules;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.metrics.ServerMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} (protocol section 9.9): the server's metrics in Prometheus text, for
 * callers with role {@code viewer} or {@code operator} (token, origin and host checked as on
 * every endpoint by the {@link RexdSecurityFilter} in front; an agent gets {@code 403 forbidden_role}).
 *
 * <pre>{@code
 * servletContext.addServlet("rexd-metrics", new MetricsServlet(server)).addMapping("/metrics");
 * }</pre>
 */
public final class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ServerMetrics metrics;

  /** Serves {@code server}'s metrics, counting from now; map it behind a {@link RexdSecurityFilter}. */
  public MetricsServlet(RexdServer server) {
    this.metrics = server.metrics();
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (!"GET".equals(req.getMethod())) {
      JsonResponses.methodNotAllowed(req, resp, "GET");
      return;
    }
    HttpCaller caller = HttpCaller.of(req);
    if (caller == null) {
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "no security filter in front");
      return;
    }
    Principal p = caller.asPrincipal();
    if (!p.role().includes(Role.VIEWER)) {
      JsonResponses.error(resp, 403, ErrorCode.UNAUTHORIZED, Reasons.FORBIDDEN_ROLE,
          AccessRules.forbiddenRole("GET /metrics", p, Role.VIEWER).getMessage());
      return;
    }
    byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
    resp.setStatus(200);
    resp.setContentType(ServerMetrics.contentType());
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }
}
