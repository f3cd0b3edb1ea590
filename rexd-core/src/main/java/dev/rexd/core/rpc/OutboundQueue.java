package dev.rexd.core.rpc;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The frames a connection has produced and not yet written, bounded by their bytes rather than
 * their number: a frame waits in {@link #put} while the frames queued or being written
 * hold {@code maxBytes} or more, so memory in flight stays near {@code maxBytes} however large the
 * frames are (64 KiB output events and 100-byte answers alike). A frame always enters an empty
 * queue, so one larger than the bound still passes. Nothing is ever dropped: producers wait.
 * A frame's bytes count until {@link #written} says the writer is done with it.
 *
 * <pre>{@code
 * OutboundQueue q = new OutboundQueue(1 << 20);
 * q.put(frame, isOpen);   // producer; blocks while 1 MiB is in flight
 * Object f = q.poll();    // writer
 * write(f);
 * q.written(f);
 * }</pre>
 */
final class OutboundQueue {
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final ArrayDeque<Object> frames = new ArrayDeque<>();
  /** Bytes of the frames queued and of the one being written. */
  private long bytes;

  OutboundQueue(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** What a frame ({@code String} of JSON, UTF-8 {@code byte[]}, or a marker) counts against the bound. */
  static long sizeOf(Object frame) {
    if (frame instanceof byte[] b) {
      return b.length;
    }
    return frame instanceof String s ? s.length() : 0;
  }

  /**
   * Queues {@code frame}, waiting while the bound is reached; false (nothing queued)
   * once {@code open} turns false while it waits.
   */
  boolean put(Object frame, BooleanSupplier open) throws InterruptedException {
    long size = sizeOf(frame);
    lock.lockInterruptibly();
    try {
      while (true) {
        if (!open.getAsBoolean()) {
          return false;
        }
        if (addIfRoom(frame, size)) {
          return true;
        }
        room.await(100, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code frame} only if the bound leaves room for it now; false, without waiting, if not. */
  boolean offer(Object frame) {
    lock.lock();
    try {
      return addIfRoom(frame, sizeOf(frame));
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held. */
  private boolean addIfRoom(Object frame, long size) {
    if (bytes != 0 && bytes + size > maxBytes) {
      return false;
    }
    frames.addLast(frame);
    bytes += size;
    return true;
  }

  /** The oldest frame, or null; its bytes count until {@link #written}. */
  @Nullable Object poll() {
    lock.lock();
    try {
      return frames.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  /** The writer is done with {@code frame} (written or not): its bytes no longer count. */
  void written(Object frame) {
    lock.lock();
    try {
      bytes -= sizeOf(frame);
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Queues a marker (no bytes) after every frame queued so far, without waiting for room. */
  void putMarker(Object marker) {
    lock.lock();
    try {
      frames.addLast(marker);
    } finally {
      lock.unlock();
    }
  }

  boolean isEmpty() {
    lock.lock();
    try {
      return frames.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** Drops every queued frame (the peer is gone) and wakes the producers waiting for room. */
  void clear() {
    lock.lock();
    try {
      for (Object f : frames) {
        bytes -= sizeOf(f);
      }
      frames.clear();
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
