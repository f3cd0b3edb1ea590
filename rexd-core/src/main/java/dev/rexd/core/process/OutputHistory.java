package dev.rexd.core.process;

import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.StreamName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The last output of one process, for {@code exec.output} [ext] replay (protocol section 9.1):
 * chunks in the order they were read, at most {@code capacity} bytes ({@code replay_bytes}), the
 * oldest dropped first, and the server-wide {@link RetainedOutput} told of every byte kept and
 * let go. {@link #firstSeq} says per stream which {@code seq} is the oldest still here. Chunks
 * are kept as raw bytes and encoded again when replayed. Thread-safe.
 *
 * <pre>{@code
 * history.add(StreamName.STDOUT, 1, chunk);
 * List<OutputChunk> missed = history.after(StreamName.STDOUT, 0);
 * long oldest = history.firstSeq(StreamName.STDOUT);
 * }</pre>
 */
final class OutputHistory {
  private final long capacity;
  private final RetainedOutput retained;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  /** Per stream ({@link StreamName#ordinal()}): the oldest seq still retained, or the next one. */
  private final long[] firstSeq = {1, 1};
  private long bytes;
  private boolean closed;

  private record Entry(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {}

  OutputHistory(long capacity, RetainedOutput retained) {
    this.capacity = capacity;
    this.retained = retained;
  }

  /** Keeps a chunk, dropping the oldest ones past the capacity (and the server's bound). */
  void add(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {
    long added;
    synchronized (this) {
      if (closed) {
        firstSeq[stream.ordinal()] = seq + 1;
        return;
      }
      entries.addLast(new Entry(stream, seq, chunk));
      bytes += chunk.bytes().length;
      added = chunk.bytes().length - trimTo(capacity);
    }
    retained.added(added, this);
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

  /** Bytes retained now. */
  synchronized long retainedBytes() {
    return bytes;
  }

  /** The oldest retained seq of {@code stream}; one past the last when nothing of it is retained. */
  synchronized long firstSeq(StreamName stream) {
    return firstSeq[stream.ordinal()];
  }

  /** Drops the oldest chunks until at most {@code limit} bytes remain; returns how many went. */
  synchronized long trimTo(long limit) {
    long dropped = 0;
    while (bytes > limit && !entries.isEmpty()) {
      Entry e = entries.removeFirst();
      int n = e.chunk.bytes().length;
      bytes -= n;
      dropped += n;
      firstSeq[e.stream.ordinal()] = e.seq + 1;
    }
    return dropped;
  }

  /** Drops everything and keeps nothing from now on (the process was evicted, or its session closed). */
  void close() {
    long dropped;
    synchronized (this) {
      closed = true;
      dropped = trimTo(0);
    }
    retained.released(dropped);
  }
}
