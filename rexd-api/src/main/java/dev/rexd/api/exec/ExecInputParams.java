package dev.rexd.api.exec;

import dev.rexd.api.Encoding;
import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code exec.input}: bytes for the child's stdin, then optionally EOF.
 *
 * <pre>{@code
 * new ExecInputParams(sessionId, processId, "yes\n", null, true)
 * }</pre>
 */
public record ExecInputParams(
    String sessionId,
    String processId,
    @Nullable String data,
    @Nullable Encoding encoding,
    @Nullable Boolean eof) {
  public ExecInputParams {
    Require.present(sessionId, "session_id");
    Require.present(processId, "process_id");
  }
}
