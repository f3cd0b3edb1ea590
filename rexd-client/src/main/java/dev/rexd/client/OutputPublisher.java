package dev.rexd.client;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The output of one process or terminal as a single-subscriber {@link Flow.Publisher}, with a
 * buffer bounded in bytes between the transport's reader thread and the subscriber.
 *
 * <p>Chunks wait in the buffer until the subscriber requests them (or until one subscribes: output
 * is kept for a subscriber that arrives after the process started). When the buffer is full,
 * {@link #offer} blocks the reader thread, the transport stops reading, and the server slows the
 * child: nothing is dropped, and memory stays bounded. Cancelling the subscription discards the
 * rest. Signals are serial and run on the executor, never on the reader thread.
 *
 * <pre>{@code
 * OutputPublisher out = new OutputPublisher(executor, 1 << 20);
 * out.subscribe(subscriber);
 * out.offer(chunk);      // reader thread; blocks while the buffer is full
 * out.complete();        // after the exit event
 * }</pre>
 */
final class OutputPublisher implements Flow.Publisher<Chunk> {
  private static final System.Logger LOG = System.getLogger(OutputPublisher.class.getName());

  private final Executor executor;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition space = lock.newCondition();
  private final ArrayDeque<Chunk> items = new ArrayDeque<>();
  private final Flow.Subscription subscription = new Subscription();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();
  private long bytes;
  private Flow.@Nullable Subscriber<? super Chunk> subscriber;
  private boolean subscribeSignalled;
  private long demand;
  private boolean discarding;
  private boolean done;
  private @Nullable Throwable failure;
  private @Nullable Throwable violation;
  private boolean terminated;
  private boolean draining;

  OutputPublisher(Executor executor, long maxBytes) {
    this.executor = executor;
    this.maxBytes = Math.max(1, maxBytes);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Chunk> s) {
    java.util.Objects.requireNonNull(s, "subscriber");
    lock.lock();
    boolean taken;
    try {
      taken = subscriber != null;
      if (!taken) {
        subscriber = s;
      }
    } finally {
      lock.unlock();
    }
    if (taken) {
      s.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      });
      s.onError(new IllegalStateException("this output has a subscriber already"));
      return;
    }
    schedule();
  }

  /**
   * Adds one chunk, blocking while the buffer is full and the subscriber has not taken enough.
   * Returns at once when the output is being discarded or the connection ended.
   */
  void offer(Chunk chunk) throws InterruptedException {
    lock.lock();
    try {
      while (!discarding && failure == null && violation == null && bytes > 0 && bytes + chunk.size() > maxBytes) {
        space.await();
      }
      if (discarding || violation != null) {
        return;
      }
      items.add(chunk);
      bytes += chunk.size();
    } finally {
      lock.unlock();
    }
    schedule();
  }

  /** The process ended: the subscriber gets {@code onComplete} after the chunks still buffered. */
  void complete() {
    finish(null);
  }

  /** The connection ended: the subscriber gets {@code onError} after the chunks still buffered. */
  void fail(Throwable cause) {
    finish(cause);
  }

  private void finish(@Nullable Throwable cause) {
    boolean nobodyListens;
    lock.lock();
    try {
      if (done) {
        return;
      }
      done = true;
      failure = cause;
      space.signalAll();
      nobodyListens = subscriber == null || discarding;
    } finally {
      lock.unlock();
    }
    if (nobodyListens) {
      settled.complete(null);
    }
    schedule();
  }

  /** Drops what is buffered and everything that follows; no further signals. */
  void discard() {
    lock.lock();
    try {
      discarding = true;
      items.clear();
      bytes = 0;
      space.signalAll();
    } finally {
      lock.unlock();
    }
    settled.complete(null);
  }

  /** Whether a producer is blocked in {@link #offer} waiting for room (for tests that prove back-pressure). */
  boolean producerWaiting() {
    lock.lock();
    try {
      return lock.hasWaiters(space);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Completes once the end of the output was handed on: {@code onComplete}/{@code onError} was
   * signalled, or the output was discarded, or it ended while nobody was subscribed.
   */
  CompletableFuture<Void> settled() {
    return settled;
  }

  private void schedule() {
    lock.lock();
    try {
      if (draining || subscriber == null || terminated) {
        return;
      }
      draining = true;
    } finally {
      lock.unlock();
    }
    executor.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Flow.Subscriber<? super Chunk> s;
      Chunk next = null;
      boolean terminal = false;
      Throwable error = null;
      boolean subscribeNow = false;
      lock.lock();
      try {
        s = subscriber;
        if (s == null || terminated || (discarding && subscribeSignalled)) {
          draining = false;
          return;
        }
        if (!subscribeSignalled) {
          subscribeSignalled = true;
          subscribeNow = true;
        } else if (violation != null) {
          terminated = true;
          terminal = true;
          error = violation;
          discarding = true;
        } else if (!items.isEmpty() && demand > 0) {
          next = items.poll();
          bytes -= next.size();
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          space.signalAll();
        } else if (items.isEmpty() && done) {
          terminated = true;
          terminal = true;
          error = failure;
        } else {
          draining = false;
          return;
        }
      } finally {
        lock.unlock();
      }
      try {
        if (subscribeNow) {
          s.onSubscribe(subscription);
        } else if (next != null) {
          s.onNext(next);
        } else if (error != null) {
          s.onError(error);
        } else {
          s.onComplete();
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "an output subscriber threw; its subscription is cancelled", e);
        discard();
      }
      if (terminal) {
        settled.complete(null);
      }
    }
  }

  private final class Subscription implements Flow.Subscription {
    @Override
    public void request(long n) {
      lock.lock();
      try {
        if (n <= 0) {
          items.clear();
          bytes = 0;
          violation = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
          space.signalAll();
        } else {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
      } finally {
        lock.unlock();
      }
      schedule();
    }

    @Override
    public void cancel() {
      discard();
    }
  }
}
