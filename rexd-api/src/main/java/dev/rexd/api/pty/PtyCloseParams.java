package dev.rexd.api.pty;

import dev.rexd.api.Require;

/**
 * Params of {@code pty.close}.
 *
 * <pre>{@code
 * new PtyCloseParams(sessionId, ptyId)
 * }</pre>
 */
public record PtyCloseParams(String sessionId, String ptyId) {
  public PtyCloseParams {
    Require.present(sessionId, "session_id");
    Require.present(ptyId, "pty_id");
  }
}
