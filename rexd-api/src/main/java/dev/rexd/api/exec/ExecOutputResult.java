package dev.rexd.api.exec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@code exec.output} [ext]: retained chunks in order, the oldest retained {@code seq}
 * per stream (absent from servers that retain everything), and the process state.
 *
 * <pre>{@code
 * result.chunks().forEach(c -> System.out.print(c.data()));
 * }</pre>
 */
public record ExecOutputResult(String processId, List<OutputChunk> chunks, @Nullable FirstSeq firstSeq,
    ProcessStatus status) {

  /** A result without {@code first_seq}. */
  public ExecOutputResult(String processId, List<OutputChunk> chunks, ProcessStatus status) {
    this(processId, chunks, null, status);
  }
}
