package dev.rexd.core.recording;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The recording of a session: each command appears as a shell would show it, a {@code $ command}
 * line, its stdout and stderr as output (with the terminal's {@code \n} to {@code \r\n}), and a
 * line saying how it ended. Output that is not UTF-8 is recorded as U+FFFD. Thread-safe; events of
 * concurrent commands interleave in the order they happen.
 *
 * <pre>{@code
 * SessionRecording r = recorder.recordSession("sess_1", "agent", null);
 * r.commandStarted("p_1", "make test");
 * r.output("p_1", false, bytes, 0, bytes.length);
 * r.commandEnded("p_1", 0, null, false, 1234);
 * }</pre>
 */
public final class SessionRecording extends Recording {
  private final Map<String, Command> commands = new HashMap<>();
  private boolean closeWhenIdle;

  /** What is half-decoded of one running command's output. */
  private static final class Command {
    final Utf8Chunks stdout = new Utf8Chunks();
    final Utf8Chunks stderr = new Utf8Chunks();
    boolean atLineStart = true;
  }

  SessionRecording(RecordingWriter writer, CastFile file, RecordingCatalog.Entry entry) {
    super(writer, file, entry);
  }

  /** A command started: its {@code $ command} line. */
  public synchronized void commandStarted(String processId, String commandLine) {
    commands.put(processId, new Command());
    append(CastEvent.OUTPUT, CommandLines.prompt(commandLine));
  }

  /** Output of a running command, in the order it was read from each stream. */
  public synchronized void output(String processId, boolean stderr, byte[] bytes, int offset, int length) {
    Command c = commands.computeIfAbsent(processId, k -> new Command());
    write(c, (stderr ? c.stderr : c.stdout).decode(bytes, offset, length));
  }

  /** A command ended: the rest of its output, then the line saying how it ended. */
  public synchronized void commandEnded(String processId, @Nullable Integer exitCode, @Nullable String signal,
      boolean timedOut, long durationMs) {
    Command c = commands.remove(processId);
    if (c != null) {
      finish(c);
    }
    append(CastEvent.OUTPUT, CommandLines.end(exitCode, signal, timedOut, durationMs));
    if (closeWhenIdle && commands.isEmpty()) {
      close();
    }
  }

  /**
   * The session ended: closes now when no command runs, else after the last running command's
   * end line (commands the session's close ends still show how they ended).
   */
  public synchronized void closeWhenIdle() {
    closeWhenIdle = true;
    if (commands.isEmpty()) {
      close();
    }
  }

  @Override
  void beforeClose() {
    commands.values().forEach(this::finish);
    commands.clear();
  }

  private void finish(Command c) {
    write(c, c.stdout.finish() + c.stderr.finish());
    if (!c.atLineStart) {
      write(c, "\n");
    }
  }

  private void write(Command c, String text) {
    if (text.isEmpty()) {
      return;
    }
    c.atLineStart = text.charAt(text.length() - 1) == '\n';
    append(CastEvent.OUTPUT, text.replace("\n", "\r\n"));
  }
}
