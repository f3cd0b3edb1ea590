package dev.rexd.api.session;

import dev.rexd.api.Require;

/**
 * Params of {@code session.info}.
 *
 * {@code
 * new SessionInfoParams(sessionId)
 * }
 */
public record SessionInfoParams(String sessionId) {
  public SessionInfoParams {
    Require.present(sessionId, "session_id");
  }
}
