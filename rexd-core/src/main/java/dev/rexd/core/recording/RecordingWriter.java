package dev.rexd.core.recording;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that writes recording files, fed through a bounded queue: an event is queued
 * with the time it happened, and a producer blocks while the queue is full, so a slow disk slows
 * the recorded programs (as a slow reader of their output does) instead of dropping events. A
 * failed write (a full disk) is logged once until writes work again; the file keeps its complete
 * lines and takes no more events, and the session goes on.
 */
final class RecordingWriter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RecordingWriter.class.getName());
  static final int QUEUE_EVENTS = 256;

  private sealed interface Op permits Append, Close, Stop, Sync {}

  private record Append(CastFile file, long nanos, String code, String data) implements Op {}

  private record Close(CastFile file, Runnable then) implements Op {}

  private record Stop() implements Op {}

  private record Sync(java.util.concurrent.CountDownLatch done) implements Op {}

  private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(QUEUE_EVENTS);
  private final AtomicBoolean failing = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean stopped;

  RecordingWriter() {
    thread = new Thread(this::run, "rexd-recorder");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an event that happened at {@code nanos}; blocks while the queue is full. */
  void append(CastFile file, long nanos, String code, String data) throws InterruptedException {
    if (!stopped) {
      queue.put(new Append(file, nanos, code, data));
    }
  }

  /** Waits until everything queued before this call is written. */
  void sync() {
    if (stopped) {
      return;
    }
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    putUninterruptibly(new Sync(done));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Queues the end of a file: it is closed after its queued events, then {@code then} runs. */
  void close(CastFile file, Runnable then) {
    if (stopped) {
      file.close();
      runQuietly(then);
    } else {
      putUninterruptibly(new Close(file, then));
    }
  }

  private void run() {
    while (true) {
      Op op;
      try {
        op = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (op instanceof Stop) {
        // producers that got in just before the stop: their events are written, their syncs released
        for (Op rest; (rest = queue.poll()) != null; ) {
          handle(rest);
        }
        return;
      }
      handle(op);
    }
  }

  private void handle(Op op) {
    if (op instanceof Append a) {
      write(a);
    } else if (op instanceof Close c) {
      c.file().close();
      runQuietly(c.then());
    } else if (op instanceof Sync s) {
      s.done().countDown();
    }
  }

  private void write(Append a) {
    if (a.file().failed()) {
      return;
    }
    try {
      a.file().append(a.nanos(), a.code(), a.data());
      if (failing.compareAndSet(true, false)) {
        LOG.log(System.Logger.Level.INFO, "recordings are written again");
      }
    } catch (IOException | RuntimeException e) {
      a.file().fail();
      if (failing.compareAndSet(false, true)) {
        LOG.log(System.Logger.Level.WARNING, "recording " + a.file().path() + " stopped (" + e
            + "); it keeps what was written and the session goes on. Further failures are not logged until"
            + " a recording is written again.");
      }
    }
  }

  private static void runQuietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "after closing a recording", e);
    }
  }

  private void putUninterruptibly(Op op) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(op);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then stops the thread (waiting up to five seconds). */
  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    putUninterruptibly(new Stop());
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
