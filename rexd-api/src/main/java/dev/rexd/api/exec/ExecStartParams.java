package dev.rexd.api.exec;

import dev.rexd.api.Require;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code exec.start}: {@code argv} (no shell), or {@code shell: true} with {@code command}.
 *
 * <pre>{@code
 * ExecStartParams p = ExecStartParams.argv(sessionId, List.of("git", "status"));
 * }</pre>
 */
public record ExecStartParams(
    String sessionId,
    @Nullable List<String> argv,
    @Nullable Boolean shell,
    @Nullable Boolean login,
    @Nullable String command,
    @Nullable String cwd,
    @Nullable Map<String, String> env,
    @Nullable String stdin,
    @Nullable Long timeoutMs,
    @Nullable Long maxOutputBytes,
    @Nullable Boolean detach) {
  public ExecStartParams {
    Require.present(sessionId, "session_id");
    Require.nonNegative(timeoutMs, "timeout_ms");
    Require.nonNegative(maxOutputBytes, "max_output_bytes");
  }

  /** Argv-mode params with every option at its default. */
  public static ExecStartParams argv(String sessionId, List<String> argv) {
    return new ExecStartParams(sessionId, argv, null, null, null, null, null, null, null, null, null);
  }

  /** Shell-mode params ({@code /bin/sh -c command}) with every option at its default. */
  public static ExecStartParams shell(String sessionId, String command) {
    return new ExecStartParams(sessionId, null, true, null, command, null, null, null, null, null, null);
  }

  /** Whether the command runs through {@code /bin/sh}. */
  public boolean isShell() {
    return Boolean.TRUE.equals(shell);
  }
}
