package dev.rexd.client;

import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.stdio.StdioTransports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stdio REXD server for tests that need a real child process: {@code root allowShell} and the
 * seven limits in {@link Limits} order, then it serves stdin/stdout until EOF.
 *
 * <pre>{@code
 * List<String> cmd = StdioTestServer.command(root, Limits.defaults(), true);
 * Transport t = StdioTransports.spawn(cmd);
 * }</pre>
 */
public final class StdioTestServer {
  private StdioTestServer() {}

  /** Serves one stdio connection with the settings in {@code args}. */
  public static void main(String[] args) {
    Limits limits = new Limits(Long.parseLong(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4]),
        Long.parseLong(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]));
    try (RexdServer server = RexdServer.builder().allowedRoot(Path.of(args[0])).limits(limits)
        .allowShell(Boolean.parseBoolean(args[1])).build()) {
      StdioTransports.serve(server, System.in, System.out);
    }
    System.exit(0);
  }

  /** The command line that runs this server with the test class path. */
  public static List<String> command(Path root, Limits l, boolean allowShell) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"), StdioTestServer.class.getName(),
        root.toString(), Boolean.toString(allowShell)));
    for (long v : new long[] {l.defaultTimeoutMs(), l.hardTimeoutMs(), l.maxOutputBytes(), l.maxFileReadBytes(),
        l.maxProcessesPerSession(), l.maxConcurrentSessions(), l.maxMessageBytes()}) {
      cmd.add(Long.toString(v));
    }
    return cmd;
  }
}
