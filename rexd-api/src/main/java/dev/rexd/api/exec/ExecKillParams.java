package dev.rexd.api.exec;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code exec.kill}; {@code signal} is TERM, KILL, INT, HUP, QUIT, USR1 or USR2, with or
 * without the SIG prefix (default TERM).
 *
 * <pre>{@code
 * new ExecKillParams(sessionId, processId, "KILL")
 * }</pre>
 */
public record ExecKillParams(String sessionId, String processId, @Nullable String signal) {
  public ExecKillParams {
    Require.present(sessionId, "session_id");
    Require.present(processId, "process_id");
  }
}
