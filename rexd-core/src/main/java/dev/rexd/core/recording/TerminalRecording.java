package dev.rexd.core.recording;

import dev.rexd.api.RexdException;
import dev.rexd.core.process.Signals;
import org.jspecify.annotations.Nullable;

/**
 * The recording of one terminal: its output exactly as the program wrote it (bytes that are not
 * UTF-8 become U+FFFD), resizes, its exit and, when {@code record_input} is on, what was typed.
 * Thread-safe.
 *
 * <pre>{@code
 * TerminalRecording r = recorder.recordTerminal("sess_1", "pty_1", "bash", 120, 32, null);
 * r.output(bytes, 0, n);
 * r.resized(100, 40);
 * r.exited(0, null);
 * r.close();
 * }</pre>
 */
public final class TerminalRecording extends Recording {
  private final boolean recordInput;
  private final Utf8Chunks output = new Utf8Chunks();
  private final Utf8Chunks input = new Utf8Chunks();

  TerminalRecording(RecordingWriter writer, CastFile file, RecordingCatalog.Entry entry, boolean recordInput) {
    super(writer, file, entry);
    this.recordInput = recordInput;
  }

  /** Output of the terminal, in order. */
  public synchronized void output(byte[] bytes, int offset, int length) {
    append(CastEvent.OUTPUT, output.decode(bytes, offset, length));
  }

  /** Input written to the terminal; recorded only with {@code record_input}. */
  public synchronized void input(byte[] bytes, int offset, int length) {
    if (recordInput) {
      String text = input.decode(bytes, offset, length);
      if (!text.isEmpty()) {
        append(CastEvent.INPUT, text);
      }
    }
  }

  /** The terminal now has this size. */
  public synchronized void resized(int cols, int rows) {
    append(CastEvent.RESIZE, cols + "x" + rows);
  }

  /**
   * The terminal's program ended: its exit code, or after a signal {@code 128 + n} as a shell
   * reports it ({@code 128} when the signal is unknown). Only asciicast v3 has an exit event.
   */
  public synchronized void exited(@Nullable Integer exitCode, @Nullable String signal) {
    flushOutput();
    int status = exitCode != null ? exitCode : 128 + signalNumber(signal);
    append(CastEvent.EXIT, Integer.toString(status));
  }

  private static int signalNumber(@Nullable String signal) {
    try {
      return signal == null ? 0 : Signals.number(signal);
    } catch (RexdException e) {
      return 0;
    }
  }

  @Override
  void beforeClose() {
    flushOutput();
  }

  private void flushOutput() {
    append(CastEvent.OUTPUT, output.finish());
  }
}
