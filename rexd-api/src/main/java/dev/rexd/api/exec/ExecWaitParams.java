package dev.rexd.api.exec;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code exec.wait}; without {@code timeout_ms} the call waits for the exit.
 *
 * <pre>{@code
 * new ExecWaitParams(sessionId, processId, 5_000L)
 * }</pre>
 */
public record ExecWaitParams(String sessionId, String processId, @Nullable Long timeoutMs) {
  public ExecWaitParams {
    Require.present(sessionId, "session_id");
    Require.present(processId, "process_id");
    Require.nonNegative(timeoutMs, "timeout_ms");
  }
}
