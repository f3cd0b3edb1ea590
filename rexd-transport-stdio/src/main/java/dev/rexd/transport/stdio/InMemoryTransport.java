package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One end of an in-process transport pair: frames go straight into the other end's bounded inbox,
 * so a slow reader blocks the sender exactly as a full pipe would. Frames keep the form they were
 * sent in: a {@link #sendUtf8} frame reaches the other end's listener as bytes, never as a
 * {@code String}. For embedding and tests.
 *
 * <pre>{@code
 * InMemoryTransport[] pair = InMemoryTransport.pair(256);
 * server.connect(pair[0]);
 * clientTransport = pair[1];
 * }</pre>
 */
public final class InMemoryTransport implements Transport {
  private static final AtomicLong IDS = new AtomicLong();
  private static final Object EOF = new Object();

  private final String name;
  /** {@code String} or UTF-8 {@code byte[]} frames, then {@link #EOF}. */
  private final BlockingQueue<Object> inbox;
  private @Nullable InMemoryTransport peer;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile @Nullable Listener listener;

  private InMemoryTransport(String name, int capacity) {
    this.name = name;
    this.inbox = new ArrayBlockingQueue<>(capacity);
  }

  /** Two connected ends; each holds at most {@code capacity} unread frames. */
  public static InMemoryTransport[] pair(int capacity) {
    long id = IDS.incrementAndGet();
    InMemoryTransport a = new InMemoryTransport("rexd-mem-" + id + "a", capacity);
    InMemoryTransport b = new InMemoryTransport("rexd-mem-" + id + "b", capacity);
    a.peer = b;
    b.peer = a;
    return new InMemoryTransport[] {a, b};
  }

  @Override
  public void start(Listener listener) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    this.listener = listener;
    Thread reader = new Thread(this::readLoop, name + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    return hand(frame);
  }

  @Override
  public CompletableFuture<Void> sendUtf8(byte[] frame) {
    return hand(frame);
  }

  private CompletableFuture<Void> hand(Object frame) {
    InMemoryTransport p = peer;
    try {
      while (!closed.get() && p != null && !p.closed.get()) {
        if (p.inbox.offer(frame, 50, TimeUnit.MILLISECONDS)) {
          return CompletableFuture.completedFuture(null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.failedFuture(new IllegalStateException("transport closed"));
  }

  /** Closes this end; the other end sees end of stream after the frames already sent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    inbox.clear();
    inbox.offer(EOF);
    InMemoryTransport p = peer;
    if (p != null) {
      p.endOfStream();
    }
    if (!started.get()) {
      report();
    }
  }

  private void endOfStream() {
    try {
      while (!closed.get() && !inbox.offer(EOF, 50, TimeUnit.MILLISECONDS)) {
        // wait for the reader to make room so earlier frames are delivered first
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readLoop() {
    Listener l = listener;
    try {
      while (true) {
        Object frame = inbox.take();
        if (frame == EOF || l == null) {
          break;
        }
        if (frame instanceof byte[] bytes) {
          l.onFrame(bytes, 0, bytes.length);
        } else {
          l.onFrame((String) frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    report();
  }

  private void report() {
    Listener l = listener;
    if (l != null && reported.compareAndSet(false, true)) {
      l.onClosed(null);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
