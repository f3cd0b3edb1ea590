package dev.rexd.core.process;

import dev.rexd.api.exec.StreamName;
import dev.rexd.core.process.ChunkEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads one output stream of a child until EOF (every writer, grandchildren included, closed it)
 * and hands each chunk, as read, to a sink with its {@code seq} (from 1). Its thread starts with the
 * child and first waits for {@link #go()}, so that no event precedes the {@code exec.start}
 * response. The sink may block (back-pressure from a slow client): the pump then stops
 * reading and the child blocks on its full pipe. Bytes beyond the output budget are read and
 * dropped, so the child never blocks on them while it is being killed. An {@link Error} while a
 * chunk is delivered (say, {@link OutOfMemoryError}) stops the delivery, is handed to
 * {@code onFailure} once, and the pump keeps draining the stream until EOF.
 *
 * <pre>{@code
 * OutputPump pump = new OutputPump(StreamName.STDOUT, p.getInputStream(), budget, sink, onDone, onFailure);
 * new Thread(pump).start();
 * pump.awaitHolding();
 * pump.go();   // once the response is queued
 * }</pre>
 */
final class OutputPump implements Runnable {
  private static final System.Logger LOG = System.getLogger(OutputPump.class.getName());
  /** As large as the direct path's reads ({@link PipeEnd#BUFFER_BYTES}): one chunk per read. */
  private static final int BUFFER_BYTES = PipeEnd.BUFFER_BYTES;
  /**
   * The first buffer: most commands write less, and a short one then leaves 16 times less garbage
   * per stream; the first read that fills it moves the pump to {@link #BUFFER_BYTES}.
   */
  static final int FIRST_BUFFER_BYTES = 8 * 1024;

  /** Receives the chunks of a pump, in order, on the pump's thread. */
  interface Sink {
    void accept(StreamName stream, long seq, ChunkEncoder.Chunk chunk);
  }

  private final StreamName stream;
  private final InputStream in;
  private final OutputBudget budget;
  private final Sink sink;
  private final Runnable onDone;
  private final Consumer<Error> onFailure;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final CountDownLatch holding = new CountDownLatch(1);
  private final CountDownLatch go = new CountDownLatch(1);
  private long seq;
  private boolean failed;

  OutputPump(StreamName stream, InputStream in, OutputBudget budget, Sink sink, Runnable onDone,
      Consumer<Error> onFailure) {
    this.stream = stream;
    this.in = in;
    this.budget = budget;
    this.sink = sink;
    this.onDone = onDone;
    this.onFailure = onFailure;
  }

  @Override
  public void run() {
    // On the portable spawn path, holding the stream's monitor from before the child can exit keeps
    // the JDK from draining and closing the pipe when the child exits (its reaper does that in a
    // method synchronized on this stream): the pipe is read until every writer closed it,
    // background jobs included. The direct path's streams are never closed behind the pump's back.
    try {
      synchronized (in) {
        holding.countDown();
        awaitUninterruptibly(go);
        readAll();
      }
    } finally {
      onDone.run();
    }
  }

  /** Blocks until this pump's thread holds its stream (it then waits for {@link #go()}). */
  void awaitHolding() {
    awaitUninterruptibly(holding);
  }

  /** Lets the pump read and deliver. */
  void go() {
    go.countDown();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void readAll() {
    byte[] buf;
    try {
      buf = new byte[FIRST_BUFFER_BYTES];
    } catch (OutOfMemoryError e) {
      fail(e);
      buf = new byte[0];
    }
    try {
      if (buf.length == 0) {
        while (in.read() >= 0) {
          // drained and discarded: the child must not block while it is being ended
        }
      } else {
        for (int n; (n = in.read(buf)) >= 0; ) {
          int granted = budget.grant(n);
          if (granted > 0 && !failed) {
            try {
              emit(encoder.feed(buf, 0, granted));
            } catch (Error e) {
              fail(e);
            }
          }
          if (n == buf.length && n < BUFFER_BYTES) {
            buf = larger(buf);
          }
        }
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "reading " + stream + " ended: " + e);
    }
    try {
      if (!failed) {
        emit(encoder.flush());
      }
      in.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing " + stream, e);
    } catch (Error e) {
      fail(e);
    }
  }

  /** A buffer of {@link #BUFFER_BYTES} for a fast writer, or {@code buf} again when memory is short. */
  private static byte[] larger(byte[] buf) {
    try {
      return new byte[BUFFER_BYTES];
    } catch (OutOfMemoryError e) {
      return buf;
    }
  }

  /** Delivery failed with an {@link Error}: stop delivering, keep draining, let the owner end the child. */
  private void fail(Error e) {
    if (!failed) {
      failed = true;
      onFailure.accept(e);
    }
  }

  private void emit(ChunkEncoder.@Nullable Chunk chunk) {
    if (chunk != null) {
      sink.accept(stream, ++seq, chunk);
    }
  }
}
