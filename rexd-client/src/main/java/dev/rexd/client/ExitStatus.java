package dev.rexd.client;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.pty.PtyExitEvent;
import org.jspecify.annotations.Nullable;

/**
 * How a remote process or terminal ended, from its {@code exec.exit} / {@code pty.exit} event, or,
 * over a transport without events (HTTP POST), from {@code exec.wait}.
 *
 * @param exitCode the exit code: {@code 128 + n} when signal {@code n} ended the process (null from servers that send none then)
 * @param signal the signal name (e.g. {@code SIGKILL}) when a signal ended it
 * @param timedOut the server's timeout ended it
 * @param truncated output passed {@code max_output_bytes} and the process group was killed
 * @param durationMs how long it ran; over a transport without events, which {@code exec.wait} does
 *     not tell, the client's measure from sending {@code exec.start} to seeing the end (a little more)
 * @param bytesStdout stdout bytes the server delivered (0 for terminals)
 * @param bytesStderr stderr bytes the server delivered (0 for terminals)
 *
 * <pre>{@code
 * ExitStatus s = session.exec("npm", "test").start().waitFor();
 * if (!s.isSuccess()) { System.err.println("failed: " + s); }
 * }</pre>
 */
public record ExitStatus(
    @Nullable Integer exitCode,
    @Nullable String signal,
    boolean timedOut,
    boolean truncated,
    long durationMs,
    long bytesStdout,
    long bytesStderr) {

  static ExitStatus of(ExecExitEvent e) {
    return new ExitStatus(e.exitCode(), e.signal(), e.timedOut(), e.truncated(), e.durationMs(),
        e.bytesStdout(), e.bytesStderr());
  }

  static ExitStatus of(ExecWaitResult w, long durationMs) {
    return new ExitStatus(w.exitCode(), w.signal(), w.timedOut(), w.truncated(), durationMs, w.bytesStdout(),
        w.bytesStderr());
  }

  static ExitStatus of(PtyExitEvent e) {
    return new ExitStatus(e.exitCode(), e.signal(), false, false, e.durationMs(), 0, 0);
  }

  /** Whether the process exited by itself with code 0, within its time and output limits. */
  public boolean isSuccess() {
    return exitCode != null && exitCode == 0 && !timedOut && !truncated;
  }

  /** The final state as {@code exec.wait} names it: exited, killed or timed_out. */
  public ProcessStatus status() {
    if (timedOut) {
      return ProcessStatus.TIMED_OUT;
    }
    // a signal death carries exit_code 128 + n with signal set (older servers: exit_code null)
    return signal != null || exitCode == null ? ProcessStatus.KILLED : ProcessStatus.EXITED;
  }
}
