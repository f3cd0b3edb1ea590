package dev.rexd.api.exec;

import dev.rexd.api.Require;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code exec.start}: {@code argv} (no shell), or {@code shell: true} with {@code command};
 * {@code tty: true} (with {@code cols}, {@code rows}) runs it on a pseudo-terminal, and
 * {@code strip_ansi: true} makes its output events carry the text a terminal would show
 * (protocol section 9.7).
 *
 * <pre>{@code
 * ExecStartParams p = ExecStartParams.argv(sessionId, List.of("git", "status"));
 * ExecStartParams t = ExecStartParams.shell(sessionId, "ls --color=auto").onTty(null, null, true);
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
    @Nullable Boolean detach,
    @Nullable Boolean tty,
    @Nullable Integer cols,
    @Nullable Integer rows,
    @Nullable Boolean stripAnsi) {
  public ExecStartParams {
    Require.present(sessionId, "session_id");
    Require.nonNegative(timeoutMs, "timeout_ms");
    Require.nonNegative(maxOutputBytes, "max_output_bytes");
  }

  /** Argv-mode params with every option at its default. */
  public static ExecStartParams argv(String sessionId, List<String> argv) {
    return new ExecStartParams(sessionId, argv, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** Shell-mode params ({@code /bin/sh -c command}) with every option at its default. */
  public static ExecStartParams shell(String sessionId, String command) {
    return new ExecStartParams(sessionId, null, true, null, command, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** These params on a pseudo-terminal ({@code cols} and {@code rows} may be null), with output as text or not. */
  public ExecStartParams onTty(@Nullable Integer ttyCols, @Nullable Integer ttyRows, boolean text) {
    return new ExecStartParams(sessionId, argv, shell, login, command, cwd, env, stdin, timeoutMs, maxOutputBytes,
        detach, true, ttyCols, ttyRows, text ? Boolean.TRUE : null);
  }

  /** Whether the command runs through {@code /bin/sh}. */
  public boolean isShell() {
    return Boolean.TRUE.equals(shell);
  }
}
