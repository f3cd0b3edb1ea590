package dev.rexd.api.session;

import dev.rexd.api.Require;

/**
 * Params of {@code session.close}.
 *
 * <pre>{@code
 * new SessionCloseParams(sessionId)
 * }</pre>
 */
public record SessionCloseParams(String sessionId) {
  public SessionCloseParams {
    Require.present(sessionId, "session_id");
  }
}
