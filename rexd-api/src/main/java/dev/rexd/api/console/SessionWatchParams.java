package dev.rexd.api.console;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code session.watch}: with {@code replay}, the retained output of the session's live
 * processes and terminals comes first, with its original {@code seq}.
 *
 * <pre>{@code
 * client.call(ConsoleMethods.SESSION_WATCH, new SessionWatchParams(sessionId, true));
 * }</pre>
 */
public record SessionWatchParams(String sessionId, @Nullable Boolean replay) {
  public SessionWatchParams {
    Require.present(sessionId, "session_id");
  }

  public boolean isReplay() {
    return Boolean.TRUE.equals(replay);
  }
}
