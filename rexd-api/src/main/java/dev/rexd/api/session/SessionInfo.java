package dev.rexd.api.session;

import java.util.List;
import java.util.Map;

/**
 * Result of {@code session.info}: the session's state, its processes and its terminals.
 *
 * <pre>{@code
 * int running = info.runningProcesses();
 * }</pre>
 */
public record SessionInfo(
    String sessionId,
    String clientName,
    String cwd,
    List<String> workspaceRoots,
    Map<String, Long> limits,
    int runningProcesses,
    List<ProcessSummary> processes,
    List<PtySummary> ptys) {}
