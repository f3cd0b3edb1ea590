package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.rpc.Connection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Entry points for the stdio transport: serve a server on a stream pair, spawn a stdio server as a
 * child process (locally or through ssh/kubectl), or attach to any stream pair.
 *
 * <pre>{@code
 * StdioTransports.serve(server, System.in, System.out);                        // what `rexd --stdio` does
 * Transport t = StdioTransports.spawn("ssh", "deploy@host", "rexd", "--stdio");  // a client's side
 * }</pre>
 */
public final class StdioTransports {
  /** The default bound on one inbound frame, as {@code max_message_bytes}. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

  private StdioTransports() {}

  /**
   * Serves {@code server} on a stream pair until the input reaches EOF; returns after every session
   * of the connection was closed and the output flushed. {@code out} carries only protocol lines.
   */
  public static void serve(RexdServer server, InputStream in, OutputStream out) {
    Transport t = attach(in, new BufferedOutputStream(out, 64 * 1024), server.limits().maxMessageBytes());
    Connection c = server.connect(t);
    c.closed().join();
  }

  /** A transport over an existing stream pair. */
  public static Transport attach(InputStream in, OutputStream out) {
    return attach(in, out, DEFAULT_MAX_FRAME_BYTES);
  }

  /** A transport over an existing stream pair with a bound on inbound frames. */
  public static Transport attach(InputStream in, OutputStream out, int maxFrameBytes) {
    return new StreamTransport(in, out, maxFrameBytes, null);
  }

  /**
   * Starts {@code command} (e.g. {@code rexd --stdio}, {@code ssh host rexd --stdio}) and talks to
   * it over its stdin/stdout; its stderr goes to this process's stderr. Closing the transport
   * closes the child's stdin and, if it has not exited a few seconds later, destroys it.
   */
  public static Transport spawn(String... command) {
    return spawn(List.of(command));
  }

  /** Like {@link #spawn(String...)}. */
  public static Transport spawn(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    return new StreamTransport(p.getInputStream(), p.getOutputStream(), DEFAULT_MAX_FRAME_BYTES,
        () -> reap(p));
  }

  private static void reap(Process p) {
    Thread t = new Thread(() -> {
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroy();
          if (!p.waitFor(2, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }, "rexd-stdio-reaper");
    t.setDaemon(true);
    t.start();
  }
}
