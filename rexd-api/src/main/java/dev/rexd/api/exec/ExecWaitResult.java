package dev.rexd.api.exec;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@code exec.wait}: {@code running} when the timeout passed first, else the final state.
 *
 * <pre>{@code
 * if (r.status() == ProcessStatus.EXITED && r.exitCode() == 0) { ... }
 * }</pre>
 */
public record ExecWaitResult(
    ProcessStatus status,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Integer exitCode,
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String signal,
    long bytesStdout,
    long bytesStderr,
    boolean timedOut,
    boolean truncated) {}
