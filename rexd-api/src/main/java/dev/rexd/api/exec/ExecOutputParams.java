package dev.rexd.api.exec;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code exec.output} [ext]: replay retained chunks after {@code after_seq}.
 *
 * <pre>{@code
 * new ExecOutputParams(sessionId, processId, StreamName.STDOUT, 10L)
 * }</pre>
 */
public record ExecOutputParams(
    String sessionId, String processId, @Nullable StreamName stream, @Nullable Long afterSeq) {
  public ExecOutputParams {
    Require.present(sessionId, "session_id");
    Require.present(processId, "process_id");
    Require.nonNegative(afterSeq, "after_seq");
  }
}
