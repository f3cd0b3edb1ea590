package dev.rexd.api.pty;

import dev.rexd.api.Require;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code pty.open}: {@code argv}, or {@code shell: true} with {@code command}; 120x32 by
 * default.
 *
 * <pre>{@code
 * new PtyOpenParams(sessionId, List.of("bash"), null, null, null, null, 120, 32)
 * }</pre>
 */
public record PtyOpenParams(
    String sessionId,
    @Nullable List<String> argv,
    @Nullable Boolean shell,
    @Nullable String command,
    @Nullable String cwd,
    @Nullable Map<String, String> env,
    @Nullable Integer cols,
    @Nullable Integer rows) {
  public PtyOpenParams {
    Require.present(sessionId, "session_id");
    Require.nonNegative(cols, "cols");
    Require.nonNegative(rows, "rows");
  }
}
