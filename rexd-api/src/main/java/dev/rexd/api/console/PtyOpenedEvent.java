package dev.rexd.api.console;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code pty.opened}, to a session's watchers, before any output of the terminal.
 *
 * <pre>{@code
 * new PtyOpenedEvent("sess_1", "pty_1", "proc_pty_1", List.of("bash"), null, 120, 32)
 * }</pre>
 */
public record PtyOpenedEvent(
    String sessionId,
    String ptyId,
    String processId,
    @Nullable List<String> argv,
    @Nullable String command,
    int cols,
    int rows) {}
