package dev.rexd.core.pty;

import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.process.Signals;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a terminal's program ended, as {@code pty.exit} and {@code session.info} report it.
 *
 * <p>pty4j reports a program ended by signal {@code n} as exit value {@code 128 + n}, like one that
 * called {@code exit(128 + n)}. As for {@code exec.exit}, the value is read as "ended by signal n"
 * only when the server ended the terminal ({@code pty.close}, session close, shutdown: HUP, TERM,
 * then KILL); otherwise it is an exit code, as a shell would report it.
 *
 * <pre>{@code
 * TerminalExit x = TerminalExit.decode(129, true, 1500);   // killed, exit_code null, signal "SIGHUP"
 * }</pre>
 */
record TerminalExit(ProcessStatus status, @Nullable Integer exitCode, @Nullable String signal, long durationMs) {
  private static final Set<Integer> SENT_ON_CLOSE = Set.of(Signals.HUP, Signals.TERM, Signals.KILL);

  /** The exit for pty4j's exit value, given whether the server was ending the terminal. */
  static TerminalExit decode(int exitValue, boolean endedByServer, long durationMs) {
    if (endedByServer && exitValue > 128 && SENT_ON_CLOSE.contains(exitValue - 128)) {
      return new TerminalExit(ProcessStatus.KILLED, null, Signals.name(exitValue - 128), durationMs);
    }
    return new TerminalExit(endedByServer ? ProcessStatus.KILLED : ProcessStatus.EXITED, exitValue, null, durationMs);
  }
}
