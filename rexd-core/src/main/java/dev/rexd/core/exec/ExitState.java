package dev.rexd.core.exec;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.process.Signals;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The final state of a process, as {@code exec.exit} and {@code exec.wait} report it.
 *
 * <p><b>Signals.</b> The JDK reports a child ended by signal {@code n} as exit value
 * {@code 128 + n}, exactly like a child that called {@code exit(128 + n)}. The two are told apart
 * by what the server did: an exit value {@code 128 + n} is read as "ended by signal n" only when
 * the server sent signal {@code n} to the process's group ({@code exec.kill}, timeout, output
 * limit, session close). Otherwise it is an exit code: a child that crashes or signals itself
 * (say {@code kill -9 $$}) is reported with {@code exit_code} 137 and {@code signal} null, as a
 * shell would report it.
 *
 * {@code
 * ExitState s = ExitState.decode(143, Set.of(Signals.TERM), false, false, 10, 0, 1234);
 * // status killed, exit_code null, signal "SIGTERM"
 * }
 */
record ExitState(
    ProcessStatus status,
    @Nullable Integer exitCode,
    @Nullable String signal,
    boolean timedOut,
    boolean truncated,
    long bytesStdout,
    long bytesStderr,
    long durationMs) {

  /** The state for the JDK's {@code exitValue}, given the signals the server sent the group. */
  static ExitState decode(int exitValue, Set<Integer> signalsSent, boolean timedOut, boolean truncated,
      long bytesStdout, long bytesStderr, long durationMs) {
    Integer code = exitValue;
    String signal = null;
    if (exitValue > 128 && signalsSent.contains(exitValue - 128)) {
      code = null;
      signal = Signals.name(exitValue - 128);
    }
    ProcessStatus status = timedOut ? ProcessStatus.TIMED_OUT
        : signal != null ? ProcessStatus.KILLED
        : ProcessStatus.EXITED;
    return new ExitState(status, code, signal, timedOut, truncated, bytesStdout, bytesStderr, durationMs);
  }

  ExecWaitResult toWaitResult() {
    return new ExecWaitResult(status, exitCode, signal, bytesStdout, bytesStderr, timedOut, truncated);
  }

  ExecExitEvent toEvent(String sessionId, String processId) {
    return new ExecExitEvent(sessionId, processId, exitCode, signal, timedOut, durationMs,
        bytesStdout, bytesStderr, truncated);
  }
}
