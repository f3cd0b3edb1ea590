package dev.rexd.agent;

import dev.rexd.core.RexdServer;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A server on stdin/stdout serving the directory given, as {@code rexd --stdio} does, without the
 * CLI: tests start it as a child JVM to have a host whose connection they can cut by killing it.
 */
public final class StdioServerMain {
  private StdioServerMain() {}

  public static void main(String[] args) {
    FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
    System.setOut(System.err);
    try (RexdServer server = RexdServer.builder().allowedRoot(Path.of(args[0])).build()) {
      StdioTransports.serve(server, System.in, protocol);
    }
    System.exit(0);
  }

  /** The command line that starts this class in a new JVM serving {@code root}. */
  static List<String> command(Path root) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), StdioServerMain.class.getName(), root.toString());
  }
}
