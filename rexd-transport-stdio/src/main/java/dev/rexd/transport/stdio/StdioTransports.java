package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.rpc.Connection;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
   * it over its stdin/stdout; its stderr is logged line by line at {@code INFO} through the
   * {@code System.Logger} named {@code dev.rexd.transport.stdio.child}. Closing the transport
   * closes the child's stdin and, if it has not exited a few seconds later, destroys it. When the
   * child dies first, the transport ends with an {@link IOException} naming its exit status and its
   * last stderr lines.
   *
   * @throws UncheckedIOException when the command cannot be started
   */
  public static Transport spawn(String... command) {
    return spawn(List.of(command));
  }

  /** Like {@link #spawn(String...)}. */
  public static Transport spawn(List<String> command) {
    return spawn(command, ChildStderr.log(System.getLogger(CHILD_LOGGER), System.Logger.Level.INFO));
  }

  /**
   * Like {@link #spawn(String...)}, with the child's stderr going where {@code stderr} says.
   *
   * <pre>{@code
   * Transport t = StdioTransports.spawn(List.of("rexd", "--stdio"), ChildStderr.discard());
   * }</pre>
   */
  public static Transport spawn(List<String> command, ChildStderr stderr) {
    ProcessBuilder pb = new ProcessBuilder(command);
    stderr.configure(pb);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    String name = command.isEmpty() ? "child" : Path.of(command.get(0)).getFileName().toString();
    return new ChildTransport(p, String.join(" ", command), stderr.follow(p, "rexd-stdio-" + name));
  }

  /** The logger a spawned server's stderr goes to by default. */
  public static final String CHILD_LOGGER = "dev.rexd.transport.stdio.child";

  static void reap(Process p) {
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
