package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The child's stdin while it is open for {@code exec.input}: writes in call order, ends the input
 * on {@code eof}, and answers {@code -32602 stdin_closed} once ended (by EOF, by the child going
 * away, or because {@code exec.start} supplied {@code stdin}). On a pipe the input ends by closing
 * it; on a pseudo-terminal, whose one descriptor also carries the output, by typing the terminal's
 * end-of-file character ({@code ^D}; twice after an unfinished line, as the first only ends the
 * line), as a person would.
 *
 * <pre>{@code
 * int accepted = stdin.write("yes\n".getBytes(UTF_8), true);   // then EOF
 * }</pre>
 */
final class StdinPipe {
  private static final int END_OF_FILE = 0x04;

  private final OutputStream out;
  private final boolean terminal;
  private volatile boolean open;
  private boolean atLineStart = true;

  /**
   * A pipe open for {@code exec.input} when {@code open}, else one that refuses every write;
   * {@code terminal} when {@code out} writes to a pseudo-terminal.
   */
  StdinPipe(OutputStream out, boolean open, boolean terminal) {
    this.out = out;
    this.open = open;
    this.terminal = terminal;
  }

  /**
   * Writes {@code data}, then closes the pipe when {@code eof}. An {@code eof} alone on a closed pipe
   * is accepted (0 bytes); data on a closed pipe is {@code stdin_closed}.
   */
  synchronized int write(byte[] data, boolean eof) {
    if (!open) {
      if (data.length == 0 && eof) {
        return 0;
      }
      throw closed();
    }
    try {
      if (data.length > 0) {
        out.write(data);
        out.flush();
        atLineStart = data[data.length - 1] == '\n';
      }
      if (eof) {
        open = false;
        endInput();
      }
      return data.length;
    } catch (IOException e) {
      open = false;
      close();
      throw closed().with("cause", e.getMessage());
    }
  }

  /**
   * Writes all of {@code data} then closes the pipe, for {@code stdin} given to {@code exec.start}
   * (on its own thread, so a child that writes before reading cannot deadlock with it). A child
   * that stops reading early just ends the write.
   */
  void writeAllAndClose(byte[] data) {
    try {
      out.write(data);
      synchronized (this) {
        atLineStart = data.length == 0 || data[data.length - 1] == '\n';
        endInput();
      }
    } catch (IOException e) {
      // the child closed its stdin or exited before reading everything: its choice
      close();
    }
  }

  /** Ends the input: closes a pipe; types end-of-file on a terminal. */
  synchronized void endInput() throws IOException {
    open = false;
    if (!terminal) {
      close();
      return;
    }
    if (!atLineStart) {
      out.write(END_OF_FILE);
    }
    out.write(END_OF_FILE);
    out.flush();
    atLineStart = true;
  }

  /** Refuses later writes; the spawner closed the pipe itself when the child exited (see {@link Child}). */
  void markEnded() {
    open = false;
  }

  /** Closes the pipe now: the child reads EOF. */
  void close() {
    try {
      out.close();
    } catch (IOException ignored) {
      // the child is gone; nothing left to flush
    }
  }

  private static RexdException closed() {
    return RexdException.invalidParams(Reasons.STDIN_CLOSED, "the process's stdin is closed");
  }
}
