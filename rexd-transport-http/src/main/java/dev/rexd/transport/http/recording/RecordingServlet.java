package dev.rexd.transport.http.recording;

import dev.rexd.api.RexdException;
import dev.rexd.core.recording.Recorder;
import dev.rexd.transport.http.server.HttpCaller;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code GET /recordings/{recording_id}.cast} as {@code application/x-asciicast}, for
 * players that load a URL (asciinema-player, {@code rexd play URL}). Mounted on a
 * {@link dev.rexd.transport.http.server.RexdHttpServer}, it sits behind the same token, Origin and
 * Host checks as {@code /rpc}, and serves the caller only what {@code recording.get} would (a
 * viewer or operator every recording, an agent those of its own sessions); an unknown id, or one
 * the caller may not read, is {@code 404}, and a request that did not pass those checks is
 * {@code 403}. A recording still being written is served as far as it is written.
 *
 * <pre>{@code
 * server.recorder().ifPresent(r -> builder.mount(RecordingServlet.PATH, new RecordingServlet(r)));
 * }</pre>
 */
public final class RecordingServlet extends HttpServlet {
  /** The servlet mapping it is meant for. */
  public static final String PATH = "/recordings/*";
  /** The media type of asciicast files. */
  public static final String MEDIA_TYPE = "application/x-asciicast";

  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("/(rec_[0-9a-f]{24})\\.cast");

  private final transient Recorder recorder;

  public RecordingServlet(Recorder recorder) {
    this.recorder = recorder;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    Matcher m = NAME.matcher(path == null ? "" : path);
    if (!m.matches()) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no such recording");
      return;
    }
    HttpCaller caller = HttpCaller.of(req);
    if (caller == null) {
      resp.sendError(HttpServletResponse.SC_FORBIDDEN, "recordings are served only behind the rexd security filter");
      return;
    }
    InputStream in;
    try {
      recorder.checkReadable(m.group(1), caller.asPrincipal());
      recorder.flush();
      in = recorder.open(m.group(1));
    } catch (RexdException e) {
      resp.sendError(HttpServletResponse.SC_NOT_FOUND, "no such recording");
      return;
    }
    try (in) {
      resp.setContentType(MEDIA_TYPE);
      resp.setCharacterEncoding("UTF-8");
      resp.setHeader("Cache-Control", "no-store");
      OutputStream out = resp.getOutputStream();
      in.transferTo(out);
    }
  }
}
