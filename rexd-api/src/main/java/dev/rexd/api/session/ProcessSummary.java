package dev.rexd.api.session;

import dev.rexd.api.exec.ProcessStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One process in {@code session.info}: {@code argv} in argv mode, {@code command} in shell mode.
 *
 * <pre>{@code
 * boolean live = summary.status() == ProcessStatus.RUNNING;
 * }</pre>
 */
public record ProcessSummary(
    String processId,
    @Nullable List<String> argv,
    @Nullable String command,
    String startedAt,
    ProcessStatus status,
    @Nullable Long pid) {}
