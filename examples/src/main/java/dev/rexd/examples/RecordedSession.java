package dev.rexd.examples;

import dev.rexd.client.ExecResult;
import dev.rexd.client.RemoteTerminal;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A session worth replaying: starts {@code bin/rexd --stdio} with recording and the transcript
 * on, runs a few commands (colours, a progress bar, a failure) and a terminal session, then says
 * where the recordings and the transcript are and how to play them. Everything stays in the
 * output directory (a fresh temporary one unless given).
 *
 * <pre>{@code
 * examples/run RecordedSession                 # then: bin/rexd play <printed .cast file>
 * examples/run RecordedSession /tmp/demo       # keep it all under /tmp/demo
 * }</pre>
 */
public final class RecordedSession {
  private RecordedSession() {}

  /** Runs the session; {@code args[0]}, if given, is the output directory. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path out = args.length > 0 ? Files.createDirectories(Path.of(args[0]).toAbsolutePath())
        : Files.createTempDirectory("rexd-recorded-");
    record(QuickStart.binRexd().toString(), out);
  }

  static void record(String rexdCommand, Path out) throws IOException, InterruptedException {
    Path work = Files.createDirectories(out.resolve("work"));
    Path recordings = out.resolve("recordings");
    Path transcript = out.resolve("transcript.jsonl");
    Path config = Files.writeString(out.resolve("rexd.toml"), String.join("\n",
        "[[security.allowed_roots]]", "path = '" + work + "'",
        "[recording]", "enabled = true", "dir = '" + recordings + "'", "record_input = true",
        "[transcript]", "enabled = true", "path = '" + transcript + "'", ""));

    try (RexdClient rexd = RexdClient.spawn(rexdCommand, "--stdio", "--config", config.toString());
         RexdSession session = rexd.openSession("recorded-session")) {
      session.fs().writeString("notes.txt", "ship it\n");
      run(session, "ls -l --color=always");
      run(session, "for i in 1 2 3 4 5 6 7 8 9 10; do printf '\\rbuilding %3d%%' $((i * 10)); sleep 0.1; done; echo");
      run(session, "printf '\\033[1;32mPASS\\033[0m 12 tests, \\033[1;31mFAIL\\033[0m 1 test\\n'; exit 1");
      run(session, "cat missing.txt");

      try (RemoteTerminal sh = session.ptyShell("PS1='$ ' sh").size(80, 24).open()) {
        sh.discardOutput();
        sh.write("echo typed in a terminal\r");
        sh.resize(100, 30);
        sh.write("exit 0\r");
        sh.waitFor();
      }
    }
    say("recordings (asciicast v3) in %s:", recordings);
    try (Stream<Path> files = Files.list(recordings)) {
      files.sorted().forEach(f -> say("  %s", f.getFileName()));
    }
    say("transcript: %s", transcript);
    say("play one:  bin/rexd play %s/<file>.cast   (or: bin/rexd cat ... for plain text)", recordings);
    say("read the transcript:  bin/rexd transcript %s", transcript);
  }

  private static void run(RexdSession session, String command) {
    ExecResult r = session.shell(command).run();
    say("$ %s   [exit %d]", command, r.exitCode());
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }
}
