package dev.rexd.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the operator console's page at {@code /console/}: a fixed set of files from this jar
 * (the page, its script and style, xterm.js), so no path a request names can reach anything else.
 * The page signs in with a token or JWT and then speaks the protocol over the WebSocket like any
 * client; the files themselves need no credential (they hold none), but the origin and host checks
 * of every endpoint apply (through the filter in front). Every response carries a strict Content-Security-Policy: scripts only
 * from this server, no inline script, no {@code eval}, connections only to this server.
 * ({@code style-src} allows inline styles because xterm.js's renderer adds style elements.)
 *
 * <pre>{@code
 * RexdHttpServer.builder(server).mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet("/ws")).start();
 * // or, in a host's own container:
 * ctx.addFilter("rexd-page-security", RexdSecurityFilter.forPages(security))
 *     .addMappingForUrlPatterns(null, false, "/console/*");
 * ctx.addServlet("rexd-console", new ConsoleServlet("/ws")).addMapping("/console/*");
 * }</pre>
 */
public final class ConsoleServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Where the console is served by {@code rexd --http}. */
  public static final String PATH_SPEC = "/console/*";

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; "
      + "frame-ancestors 'none'";

  private static final String BASE = "web/";
  private static final Map<String, String> FILES = Map.of(
      "/", "text/html; charset=utf-8",
      "/console.js", "text/javascript; charset=utf-8",
      "/console.css", "text/css; charset=utf-8",
      "/vendor/lib/xterm.js", "text/javascript; charset=utf-8",
      "/vendor/lib/addon-fit.js", "text/javascript; charset=utf-8",
      "/vendor/css/xterm.css", "text/css; charset=utf-8");

  private final String wsPath;

  /**
   * A console whose page connects to {@code wsPath} (e.g. {@code /ws}). Map it behind
   * {@code RexdSecurityFilter.forPages} (the Origin and Host checks), as
   * {@code RexdHttpServer.Builder.mountPage} does.
   */
  public ConsoleServlet(String wsPath) {
    if (!wsPath.startsWith("/") || wsPath.chars().anyMatch(c -> c == '"' || c == '<' || c == '>' || c == '&')) {
      throw new IllegalArgumentException("not a WebSocket path: " + wsPath);
    }
    this.wsPath = wsPath;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    securityHeaders(resp);
    if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
      resp.setHeader("Allow", "GET, HEAD");
      resp.sendError(405);
      return;
    }
    String path = req.getPathInfo();
    if (path == null) {
      resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
      return;
    }
    String type = FILES.get(path);
    if (type == null) {
      resp.sendError(404);
      return;
    }
    byte[] body = path.equals("/") ? page() : resource(path.substring(1));
    resp.setStatus(200);
    resp.setContentType(type);
    resp.setHeader("Cache-Control", path.equals("/") ? "no-store" : "no-cache");
    resp.setContentLength(body.length);
    if ("GET".equals(req.getMethod())) {
      resp.getOutputStream().write(body);
    }
  }

  private byte[] page() {
    String html = new String(resource("index.html"), StandardCharsets.UTF_8);
    return html.replace("@WS_PATH@", wsPath).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) {
    try (InputStream in = ConsoleServlet.class.getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new IllegalStateException("the console jar lacks " + BASE + name + " (built without npm?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void securityHeaders(HttpServletResponse resp) {
    resp.setHeader("Content-Security-Policy", CSP);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Referrer-Policy", "no-referrer");
    resp.setHeader("X-Frame-Options", "DENY");
    resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  }
}
