package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The child's stdin while it is open for {@code exec.input}: writes in call order, closes on
 * {@code eof}, and answers {@code -32602 stdin_closed} once closed (by EOF, by the child going
 * away, or because {@code exec.start} supplied {@code stdin}).
 *
 * <pre>{@code
 * int accepted = stdin.write("yes\n".getBytes(UTF_8), true);   // then EOF
 * }</pre>
 */
final class StdinPipe {
  private final OutputStream out;
  private volatile boolean open;

  /** A pipe open for {@code exec.input} when {@code open}, else one that refuses every write. */
  StdinPipe(OutputStream out, boolean open) {
    this.out = out;
    this.open = open;
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
      }
      if (eof) {
        open = false;
        out.close();
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
    } catch (IOException e) {
      // the child closed its stdin or exited before reading everything: its choice
    } finally {
      close();
    }
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
