package dev.rexd.api.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The params of the {@code exec.exit} event, the last event of a process.
 *
 * <pre>{@code
 * boolean signalled = event.exitCode() == null;
 * }</pre>
 */
public record ExecExitEvent(
    String sessionId,
    String processId,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Integer exitCode,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String signal,
    boolean timedOut,
    long durationMs,
    long bytesStdout,
    long bytesStderr,
    boolean truncated) {}
