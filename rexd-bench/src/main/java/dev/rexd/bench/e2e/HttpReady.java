package dev.rexd.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How long {@code bin/rexd --http 127.0.0.1:PORT} takes from launch until {@code GET /healthz}
 * first answers 200: the client tries every 2 ms, each try on a new connection.
 *
 * <pre>{@code
 * long nanos = HttpReady.time(List.of("bin/rexd"), Map.of(), root, log);
 * }</pre>
 */
final class HttpReady {
  private static final long TRY_EVERY_MILLIS = 2;
  private static final long GIVE_UP_SECONDS = 60;
  private static final int ANSWER_WITHIN_MILLIS = 5_000;

  private HttpReady() {}

  /** Launches {@code launcher --http 127.0.0.1:PORT} in {@code dir}, times its first 200, then stops it. */
  static long time(List<String> launcher, Map<String, String> env, Path dir, Path log) throws Exception {
    int port = Harness.freePort();
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(List.of("--http", "127.0.0.1:" + port));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      long deadline = t0 + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
      while (!healthy(port)) {
        if (!p.isAlive()) {
          throw new IllegalStateException(cmd + " exited with " + p.exitValue() + " (see " + log + ")");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(cmd + " did not answer /healthz within " + GIVE_UP_SECONDS + " s");
        }
        Thread.sleep(TRY_EVERY_MILLIS);
      }
      return System.nanoTime() - t0;
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Whether {@code GET /healthz} on {@code port} answers 200 now (false while nothing listens). */
  private static boolean healthy(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(ANSWER_WITHIN_MILLIS);   // a socket accepted before the server can answer: try again
      OutputStream out = s.getOutputStream();
      out.write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] status = in.readNBytes("HTTP/1.1 200".length());
      return new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
    } catch (IOException notYet) {
      return false;
    }
  }
}
