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
 * Serves the operator console's pages at {@code /console/}: a fixed set of files from this jar
 * (the console page, the recordings page at {@code recordings.html}, their scripts and style,
 * xterm.js, asciinema-player), so no path a request names can reach anything else.
 * The page signs in with a token or JWT and then speaks the protocol over the WebSocket like any
 * client; the files themselves need no credential (they hold none), but the origin and host checks
 * of every endpoint apply (through the filter in front). Every response carries a strict Content-Security-Policy: scripts only
 * from this server, no inline script, no {@code eval}, connections only to this server.
 * ({@code style-src} allows inline styles because xterm.js's renderer adds style elements; the
 * recordings page also allows compiling WebAssembly, see {@link #PLAYER_CSP}.)
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

  /**
   * The recordings page's policy: the same, plus {@code 'wasm-unsafe-eval'}, which lets
   * asciinema-player compile its terminal emulator (WebAssembly shipped inside its script). It
   * permits compiling WebAssembly only; JavaScript {@code eval} stays forbidden.
   */
  static final String PLAYER_CSP = CSP.replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';");

  /** Where {@code rexd --http} serves recordings ({@code RecordingServlet}). */
  public static final String DEFAULT_RECORDINGS_PATH = "/recordings";

  private static final String BASE = "web/";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String SCRIPT = "text/javascript; charset=utf-8";
  private static final String STYLE = "text/css; charset=utf-8";
  private static final String PLAYER_PAGE = "/recordings.html";
  private static final Map<String, String> FILES = Map.ofEntries(
      Map.entry("/", HTML),
      Map.entry(PLAYER_PAGE, HTML),
      Map.entry("/rexd-wire.js", SCRIPT),
      Map.entry("/console.js", SCRIPT),
      Map.entry("/recordings.js", SCRIPT),
      Map.entry("/console.css", STYLE),
      Map.entry("/vendor/lib/xterm.js", SCRIPT),
      Map.entry("/vendor/lib/addon-fit.js", SCRIPT),
      Map.entry("/vendor/css/xterm.css", STYLE),
      Map.entry("/vendor/asciinema-player/asciinema-player.min.js", SCRIPT),
      Map.entry("/vendor/asciinema-player/asciinema-player.css", STYLE));

  private final String wsPath;
  private final String recordingsPath;

  /**
   * A console whose pages connect to {@code wsPath} (e.g. {@code /ws}) and play recordings from
   * {@link #DEFAULT_RECORDINGS_PATH}. Map it behind {@code RexdSecurityFilter.forPages} (the Origin
   * and Host checks), as {@code RexdHttpServer.Builder.mountPage} does.
   */
  public ConsoleServlet(String wsPath) {
    this(wsPath, DEFAULT_RECORDINGS_PATH);
  }

  /** A console whose recordings page loads {@code recordingsPath + "/{id}.cast"}. */
  public ConsoleServlet(String wsPath, String recordingsPath) {
    this.wsPath = checkedPath(wsPath, "WebSocket");
    this.recordingsPath = checkedPath(recordingsPath, "recordings");
  }

  private static String checkedPath(String path, String what) {
    if (!path.startsWith("/") || path.chars().anyMatch(c -> c == '"' || c == '<' || c == '>' || c == '&')) {
      throw new IllegalArgumentException("not a " + what + " path: " + path);
    }
    return path;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    securityHeaders(resp, PLAYER_PAGE.equals(req.getPathInfo()) ? PLAYER_CSP : CSP);
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
    boolean page = type.equals(HTML);
    byte[] body = page ? page(path.equals("/") ? "index.html" : path.substring(1)) : resource(path.substring(1));
    resp.setStatus(200);
    resp.setContentType(type);
    resp.setHeader("Cache-Control", page ? "no-store" : "no-cache");
    resp.setContentLength(body.length);
    if ("GET".equals(req.getMethod())) {
      resp.getOutputStream().write(body);
    }
  }

  private byte[] page(String name) {
    String html = new String(resource(name), StandardCharsets.UTF_8)
        .replace("@SIGN_IN@", new String(resource("sign-in.html"), StandardCharsets.UTF_8));
    return html.replace("@WS_PATH@", wsPath).replace("@RECORDINGS_PATH@", recordingsPath)
        .getBytes(StandardCharsets.UTF_8);
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

  private static void securityHeaders(HttpServletResponse resp, String csp) {
    resp.setHeader("Content-Security-Policy", csp);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("Referrer-Policy", "no-referrer");
    resp.setHeader("X-Frame-Options", "DENY");
    resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  }
}
