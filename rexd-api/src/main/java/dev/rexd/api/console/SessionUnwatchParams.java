package dev.rexd.api.console;

import dev.rexd.api.Require;

/**
 * Params of {@code session.unwatch}.
 *
 * <pre>{@code
 * client.call(ConsoleMethods.SESSION_UNWATCH, new SessionUnwatchParams(sessionId));
 * }</pre>
 */
public record SessionUnwatchParams(String sessionId) {
  public SessionUnwatchParams {
    Require.present(sessionId, "session_id");
  }
}
