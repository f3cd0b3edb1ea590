package dev.rexd.examples;

import dev.rexd.client.ExecResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shortest tour of the client: starts {@code bin/rexd --stdio} serving a fresh temporary
 * directory, runs commands, writes and edits a file, and prints a transcript of what it did on
 * stdout (the server logs on stderr). The directory is deleted at the end.
 *
 * <pre>{@code
 * examples/run QuickStart                       # the bin/rexd of this checkout
 * examples/run QuickStart /usr/local/bin/rexd   # another rexd
 * }</pre>
 */
public final class QuickStart {
  private QuickStart() {}

  /** Runs the tour; {@code args[0]}, if given, is the rexd command to start. */
  public static void main(String[] args) throws IOException {
    String rexdCommand = args.length > 0 ? args[0] : binRexd().toString();
    try (TempDir tmp = TempDir.create("rexd-quickstart-")) {
      tour(rexdCommand, tmp.path());
    }
  }

  private static void tour(String rexdCommand, Path tmp) throws IOException {
    // a server whose only root is a fresh directory
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path config = Files.writeString(tmp.resolve("rexd.toml"), "[[security.allowed_roots]]\npath = '" + work + "'\n");

    try (RexdClient rexd = RexdClient.spawn(rexdCommand, "--stdio", "--config", config.toString());
         RexdSession session = rexd.openSession("quickstart")) {
      say("connected to rexd %s, session %s, root %s", session.serverVersion(), session.id(),
          session.workspaceRoots().get(0));

      ExecResult uname = session.exec("uname", "-sr").run();
      say("$ uname -sr\n%s[exit %d after %d ms]", uname.stdout(), uname.exitCode(), uname.durationMs());

      session.fs().writeString("hello.txt", "Hello, world!\n");
      say("wrote hello.txt: %s", session.fs().readString("hello.txt").strip());

      int replaced = session.fs().edit("hello.txt").replace("world", "REXD").apply().replacements();
      say("edited hello.txt (%d replacement): %s", replaced, session.fs().readString("hello.txt").strip());

      say("$ for i in 1 2 3; do echo tick $i; sleep 0.1; done   (streamed as it runs)");
      session.shell("for i in 1 2 3; do echo tick $i; sleep 0.1; done")
          .onStdout(chunk -> System.out.print(chunk.text()))
          .start()
          .waitFor();

      ExecResult ls = session.shell("ls -l | tail -n +2").run();
      say("$ ls -l\n%s[exit %d]", ls.stdout(), ls.exitCode());
    }
    say("done: session closed, server stopped");
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }

  /** {@code bin/rexd} of this checkout: under {@code -Drexd.home}, else above the current directory. */
  static Path binRexd() {
    String home = System.getProperty("rexd.home");
    Path dir = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isExecutable(d.resolve("bin/rexd"))) {
        return d.resolve("bin/rexd");
      }
    }
    throw new IllegalStateException("bin/rexd not found in " + dir + " or above; pass the rexd command to run");
  }
}
