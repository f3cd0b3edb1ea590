package dev.rexd.api.session;

import dev.rexd.api.exec.ProcessStatus;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One terminal in {@code session.info}.
 *
 * <pre>{@code
 * String size = summary.cols() + "x" + summary.rows();
 * }</pre>
 */
public record PtySummary(
    String ptyId,
    String processId,
    @Nullable List<String> argv,
    @Nullable String command,
    String startedAt,
    ProcessStatus status,
    int cols,
    int rows) {}
