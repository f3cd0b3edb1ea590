package dev.rexd.transport.http.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /healthz} [ext]: {@code 200 {"status":"ok"}} while the server runs. It needs no
 * token and says nothing else, so load balancers and probes can call it.
 *
 * <pre>{@code
 * servletContext.addServlet("rexd-healthz", new HealthServlet()).addMapping("/healthz");
 * }</pre>
 */
public final class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if ("GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod())) {
      JsonResponses.write(resp, 200, "{\"status\":\"ok\"}");
    } else {
      JsonResponses.methodNotAllowed(req, resp, "GET");
    }
  }
}
