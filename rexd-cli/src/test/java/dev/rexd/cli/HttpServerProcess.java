package dev.rexd.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code bin/rexd --http 127.0.0.1:0} process for tests: it reads the bound port from the
 * startup line on stderr, and stops the process with SIGTERM as an operator's service manager
 * would.
 *
 * <pre>{@code
 * HttpServerProcess rexd = HttpServerProcess.start(tmp, "--config", cfg.toString());
 * URI ws = rexd.uri("ws", "/ws");
 * int status = rexd.stop();
 * }</pre>
 */
final class HttpServerProcess {
  private static final Pattern SERVING = Pattern.compile("serving POST http://127\\.0\\.0\\.1:(\\d+)/");

  final Process process;
  final Path stderr;
  final int port;

  private HttpServerProcess(Process process, Path stderr, int port) {
    this.process = process;
    this.stderr = stderr;
    this.port = port;
  }

  static HttpServerProcess start(Path dir, String... moreArgs) throws Exception {
    Path err = Files.createTempFile(dir, "rexd-http", ".err");
    List<String> args = new java.util.ArrayList<>(List.of("--http", "127.0.0.1:0"));
    args.addAll(List.of(moreArgs));
    Process p = RexdProcess.start(args, err);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()) {
      Matcher m = SERVING.matcher(Files.readString(err));
      if (m.find()) {
        return new HttpServerProcess(p, err, Integer.parseInt(m.group(1)));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("rexd --http did not start: " + Files.readString(err));
  }

  URI uri(String scheme, String path) {
    return URI.create(scheme + "://127.0.0.1:" + port + path);
  }

  /** SIGTERM, then waits for the exit; returns the exit status. */
  int stop() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("rexd did not stop on SIGTERM");
    }
    return process.exitValue();
  }
}
