package dev.rexd.api.pty;

import dev.rexd.api.Require;

/**
 * Params of {@code pty.resize}.
 *
 * <pre>{@code
 * new PtyResizeParams(sessionId, ptyId, 200, 50)
 * }</pre>
 */
public record PtyResizeParams(String sessionId, String ptyId, Integer cols, Integer rows) {
  public PtyResizeParams {
    Require.present(sessionId, "session_id");
    Require.present(ptyId, "pty_id");
    Require.present(cols, "cols");
    Require.present(rows, "rows");
    Require.nonNegative(cols, "cols");
    Require.nonNegative(rows, "rows");
  }
}
