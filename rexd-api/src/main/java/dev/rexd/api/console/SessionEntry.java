package dev.rexd.api.console;

import dev.rexd.api.Require;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.api.session.PtySummary;
import java.util.List;

/**
 * One session as {@code server.sessions} lists it.
 *
 * <pre>{@code
 * for (SessionEntry s : result.sessions()) System.out.println(s.clientName() + " by " + s.principal());
 * }</pre>
 *
 * @param connected whether a connection receives the session's events now
 */
public record SessionEntry(
    String sessionId,
    String clientName,
    String principal,
    String openedAt,
    boolean connected,
    List<String> workspaceRoots,
    String cwd,
    List<ProcessSummary> processes,
    List<PtySummary> ptys) {
  public SessionEntry {
    Require.present(sessionId, "session_id");
    Require.present(clientName, "client_name");
    Require.present(principal, "principal");
    processes = processes == null ? List.of() : List.copyOf(processes);
    ptys = ptys == null ? List.of() : List.copyOf(ptys);
    workspaceRoots = workspaceRoots == null ? List.of() : List.copyOf(workspaceRoots);
  }
}
