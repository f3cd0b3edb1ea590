package dev.rexd.api.pty;

import dev.rexd.api.Encoding;
import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code pty.input}: keystrokes as UTF-8 text or base64 [ext].
 *
 * <pre>{@code
 * new PtyInputParams(sessionId, ptyId, "ls\r", null)
 * }</pre>
 */
public record PtyInputParams(String sessionId, String ptyId, String data, @Nullable Encoding encoding) {
  public PtyInputParams {
    Require.present(sessionId, "session_id");
    Require.present(ptyId, "pty_id");
    Require.present(data, "data");
  }
}
