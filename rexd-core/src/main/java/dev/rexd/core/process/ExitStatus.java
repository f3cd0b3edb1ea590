package dev.rexd.core.process;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.pty.PtyExitEvent;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The final state of a process or terminal, as {@code exec.exit}, {@code exec.wait},
 * {@code pty.exit} and {@code session.info} report it.
 *
 * <p><b>Signals.</b> A process ended by signal {@code n} reports {@code exit_code} {@code 128 + n}
 * as a shell does (137 for SIGKILL, 143 for SIGTERM) and {@code signal} its name: the exit code is
 * never null once the process ended. The direct spawner reads the child's wait status, so a signal death is
 * reported exactly, whoever sent it (a child that runs {@code kill -9 $$} reports
 * {@code SIGKILL}). The portable spawner and pty4j only have an exit value, where signal
 * {@code n} reads as {@code 128 + n}, exactly like {@code exit(128 + n)}. There the two are told
 * apart by what the server did: {@code 128 + n} is read as "ended by signal n" only when the
 * server sent signal {@code n} to the process's group ({@code exec.kill}, timeout, output limit,
 * {@code pty.close}, session close); otherwise it is an exit code, as a shell would report it.
 *
 * <pre>{@code
 * ExitStatus s = ExitStatus.decode(ChildExit.jdkExitValue(143), Set.of(Signals.TERM), false, false, 10, 0, 1234);
 * // status killed, exit_code 143, signal "SIGTERM"
 * }</pre>
 */
public record ExitStatus(
    ProcessStatus status,
    @Nullable Integer exitCode,
    @Nullable String signal,
    boolean timedOut,
    boolean truncated,
    long bytesStdout,
    long bytesStderr,
    long durationMs) {

  /** The state for how the child ended, given the signals the server sent its group. */
  static ExitStatus decode(ChildExit exit, Set<Integer> signalsSent, boolean timedOut, boolean truncated,
      long bytesStdout, long bytesStderr, long durationMs) {
    int v = exit.value();
    int signalNumber = exit.kind() == ChildExit.Kind.SIGNALED ? v
        : exit.kind() == ChildExit.Kind.JDK_EXIT_VALUE && v > 128 && signalsSent.contains(v - 128) ? v - 128
        : 0;
    Integer code = signalNumber == 0 ? v : 128 + signalNumber;
    String signal = signalNumber == 0 ? null : Signals.name(signalNumber);
    ProcessStatus status = timedOut ? ProcessStatus.TIMED_OUT
        : signal != null ? ProcessStatus.KILLED
        : ProcessStatus.EXITED;
    return new ExitStatus(status, code, signal, timedOut, truncated, bytesStdout, bytesStderr, durationMs);
  }

  public ExecWaitResult toWaitResult() {
    return new ExecWaitResult(status, exitCode, signal, bytesStdout, bytesStderr, timedOut, truncated);
  }

  public ExecExitEvent toExecEvent(String sessionId, String processId) {
    return new ExecExitEvent(sessionId, processId, exitCode, signal, timedOut, durationMs,
        bytesStdout, bytesStderr, truncated);
  }

  public PtyExitEvent toPtyEvent(String sessionId, String ptyId, String processId) {
    return new PtyExitEvent(sessionId, ptyId, processId, exitCode, signal, durationMs);
  }
}
