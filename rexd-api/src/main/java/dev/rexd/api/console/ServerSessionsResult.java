package dev.rexd.api.console;

import java.util.List;

/**
 * Result of {@code server.sessions}: every open session of the server.
 *
 * <pre>{@code
 * int n = client.call(ConsoleMethods.SERVER_SESSIONS, NoParams.INSTANCE).sessions().size();
 * }</pre>
 */
public record ServerSessionsResult(List<SessionEntry> sessions) {
  public ServerSessionsResult {
    sessions = sessions == null ? List.of() : List.copyOf(sessions);
  }
}
