package dev.rexd.api.console;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code exec.started}, to a session's watchers, before any output of the process.
 *
 * <pre>{@code
 * new ExecStartedEvent("sess_1", "p_1", List.of("make"), null, "/srv/app", "2026-11-23T10:00:00Z", "ci-bot")
 * }</pre>
 */
public record ExecStartedEvent(
    String sessionId,
    String processId,
    @Nullable List<String> argv,
    @Nullable String command,
    String cwd,
    String startedAt,
    String principal) {}
