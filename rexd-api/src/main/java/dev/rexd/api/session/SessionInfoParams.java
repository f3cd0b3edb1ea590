package dev.rexd.api.session;

import dev.rexd.api.Require;

/**
 * Params of {@code session.info}.
 *
 * <pre>{@code
 * new SessionInfoParams(sessionId)
 * }</pre>
 */
public record SessionInfoParams(String sessionId) {
  public SessionInfoParams {
    Require.present(sessionId, "session_id");
  }
}
