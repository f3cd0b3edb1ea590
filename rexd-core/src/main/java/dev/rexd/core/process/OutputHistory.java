package dev.rexd.core.process;

import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.StreamName;
import dev.rexd.core.process.ChunkEncoder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every output chunk of one process, in the order it was read, for {@code exec.output} [ext]
 * replay. Its size is bounded by the process's {@code max_output_bytes}, which caps all the bytes
 * a process can deliver; chunks are kept as raw bytes and encoded again when replayed.
 *
 * <pre>{@code
 * log.add(StreamName.STDOUT, 1, chunk);
 * List<OutputChunk> missed = log.after(StreamName.STDOUT, 0);
 * }</pre>
 */
final class OutputHistory {
  private final List<Entry> entries = new ArrayList<>();

  private record Entry(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {}

  synchronized void add(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {
    entries.add(new Entry(stream, seq, chunk));
  }

  /** The chunks of {@code stream} (both streams when null) with a seq above {@code afterSeq}. */
  synchronized List<OutputChunk> after(@Nullable StreamName stream, long afterSeq) {
    List<OutputChunk> out = new ArrayList<>();
    for (Entry e : entries) {
      if ((stream == null || e.stream == stream) && e.seq > afterSeq) {
        out.add(new OutputChunk(e.stream, e.seq, e.chunk.data(), e.chunk.encoding()));
      }
    }
    return out;
  }
}
