package dev.rexd.api.exec;

import java.util.List;

/**
 * Result of {@code exec.output} [ext]: retained chunks in order, and the process state.
 *
 * <pre>{@code
 * result.chunks().forEach(c -> System.out.print(c.data()));
 * }</pre>
 */
public record ExecOutputResult(String processId, List<OutputChunk> chunks, ProcessStatus status) {}
