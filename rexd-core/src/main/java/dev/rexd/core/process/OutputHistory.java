package dev.rexd.core.process;

import dev.rexd.api.Encoding;
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
 * let go. {@link #firstSeq} says per stream which {@code seq} is the oldest still here. Thread-safe.
 *
 * <p>The bytes live in one ring buffer that grows up to the capacity and is then reused, so a long
 * stream leaves no retained chunk objects behind to age into the old generation: what a process
 * streams costs the heap its replay window, however much it writes.
 *
 * <pre>{@code
 * history.add(StreamName.STDOUT, 1, chunk);
 * List<OutputChunk> missed = history.after(StreamName.STDOUT, 0);
 * long oldest = history.firstSeq(StreamName.STDOUT);
 * }</pre>
 */
final class OutputHistory {
  private static final int FIRST_RING_BYTES = 64 * 1024;
  private static final int MAX_RING_BYTES = Integer.MAX_VALUE - 16;

  private final int capacity;
  private final RetainedOutput retained;
  /** Oldest first; their bytes lie back to back in {@link #ring} from {@link #head}. */
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  /** Per stream ({@link StreamName#ordinal()}): the oldest seq still retained, or the next one. */
  private final long[] firstSeq = {1, 1};
  private byte[] ring = new byte[0];
  private int head;
  private int bytes;
  private boolean closed;

  private record Entry(StreamName stream, long seq, Encoding encoding, int length) {}

  OutputHistory(long capacity, RetainedOutput retained) {
    this.capacity = (int) Math.min(Math.max(0, capacity), MAX_RING_BYTES);
    this.retained = retained;
  }

  /** Keeps a chunk, dropping the oldest ones past the capacity (and the server's bound). */
  void add(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {
    byte[] data = chunk.bytes();
    long added;
    synchronized (this) {
      if (closed) {
        firstSeq[stream.ordinal()] = seq + 1;
        return;
      }
      if (data.length > capacity) {   // wider than the whole window: nothing before it stays either
        added = -trimTo(0);
        firstSeq[stream.ordinal()] = seq + 1;
      } else {
        added = data.length - trimTo(capacity - data.length);
        makeRoom(data.length);
        copyIn(data);
        entries.addLast(new Entry(stream, seq, chunk.encoding(), data.length));
        bytes += data.length;
      }
    }
    retained.added(added, this);
  }

  /** The chunks of {@code stream} (both streams when null) with a seq above {@code afterSeq}. */
  synchronized List<OutputChunk> after(@Nullable StreamName stream, long afterSeq) {
    List<OutputChunk> out = new ArrayList<>();
    int at = head;
    for (Entry e : entries) {
      if ((stream == null || e.stream == stream) && e.seq > afterSeq) {
        ChunkEncoder.Chunk chunk = new ChunkEncoder.Chunk(copyOut(at, e.length), e.encoding);
        out.add(new OutputChunk(e.stream, e.seq, chunk.data(), e.encoding));
      }
      at = wrap(at + e.length);
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
      head = wrap(head + e.length);
      bytes -= e.length;
      dropped += e.length;
      firstSeq[e.stream.ordinal()] = e.seq + 1;
    }
    if (bytes == 0) {
      head = 0;
    }
    return dropped;
  }

  /** Drops everything and keeps nothing from now on (the process was evicted, or its session closed). */
  void close() {
    long dropped;
    synchronized (this) {
      closed = true;
      dropped = trimTo(0);
      ring = new byte[0];
    }
    retained.released(dropped);
  }

  /** Grows the ring (up to the capacity) until {@code n} more bytes fit; the caller trimmed first. */
  private void makeRoom(int n) {
    if (bytes + n <= ring.length) {
      return;
    }
    long wanted = Math.max((long) bytes + n, Math.max(FIRST_RING_BYTES, 2L * ring.length));
    byte[] grown = new byte[(int) Math.min(wanted, capacity)];
    if (bytes > 0) {
      System.arraycopy(copyOut(head, bytes), 0, grown, 0, bytes);
    }
    ring = grown;
    head = 0;
  }

  private void copyIn(byte[] data) {
    int tail = wrap(head + bytes);
    int first = Math.min(data.length, ring.length - tail);
    System.arraycopy(data, 0, ring, tail, first);
    System.arraycopy(data, first, ring, 0, data.length - first);
  }

  private byte[] copyOut(int from, int length) {
    byte[] out = new byte[length];
    int first = Math.min(length, ring.length - from);
    System.arraycopy(ring, from, out, 0, first);
    System.arraycopy(ring, 0, out, first, length - first);
    return out;
  }

  private int wrap(int index) {
    return ring.length == 0 || index < ring.length ? index : index - ring.length;
  }
}
