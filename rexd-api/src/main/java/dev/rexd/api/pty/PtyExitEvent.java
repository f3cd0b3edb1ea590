package dev.rexd.api.pty;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The params of the {@code pty.exit} event, the last event of a terminal.
 *
 * <pre>{@code
 * Integer code = event.exitCode(); // null when a signal ended it
 * }</pre>
 */
public record PtyExitEvent(
    String sessionId,
    String ptyId,
    String processId,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Integer exitCode,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String signal,
    long durationMs) {}
