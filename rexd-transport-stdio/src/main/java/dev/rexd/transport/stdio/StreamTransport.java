package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON frames over an input/output stream pair: one daemon reader thread, and writes of one
 * whole line at a time. A write blocks while the peer does not read (the pipe is full), which is
 * the back-pressure the server relies on. Frames travel as bytes both ways: {@link #sendUtf8}
 * writes the frame's bytes as they are, and the reader hands each line's bytes to
 * {@link Listener#onFrame(byte[], int, int)} (which decodes them unless the listener reads bytes).
 *
 * <pre>{@code
 * Transport t = new StreamTransport(process.getInputStream(), process.getOutputStream(), 16 << 20, null);
 * }</pre>
 */
public class StreamTransport implements Transport {
  private static final AtomicLong IDS = new AtomicLong();

  private final InputStream in;
  private final OutputStream out;
  private final int maxFrameBytes;
  private final @Nullable Runnable onClose;
  private final String name = "rexd-stdio-" + IDS.incrementAndGet();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile @Nullable Listener listener;

  /**
   * @param onClose run once when the transport closes (e.g. to end a child process); may be null
   */
  public StreamTransport(InputStream in, OutputStream out, int maxFrameBytes, @Nullable Runnable onClose) {
    this.in = in;
    this.out = out;
    this.maxFrameBytes = maxFrameBytes;
    this.onClose = onClose;
  }

  @Override
  public void start(Listener listener) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    this.listener = listener;
    Thread reader = new Thread(() -> readLoop(listener), name + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    if (frame.indexOf('\n') >= 0) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("a frame must not contain a newline"));
    }
    return writeLine(frame.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public CompletableFuture<Void> sendUtf8(byte[] frame) {
    return writeLine(frame);
  }

  private CompletableFuture<Void> writeLine(byte[] frame) {
    try {
      synchronized (out) {
        if (closed.get()) {
          throw new IOException("transport closed");
        }
        out.write(frame);
        out.write('\n');
        out.flush();
      }
      return CompletableFuture.completedFuture(null);
    } catch (IOException e) {
      close(e);
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    close(null);
  }

  private void close(@Nullable Throwable cause) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      out.close();
    } catch (IOException ignored) {
      // the peer is gone already
    }
    try {
      in.close();
    } catch (IOException ignored) {
      // the peer is gone already
    }
    if (onClose != null) {
      onClose.run();
    }
    report(cause);
  }

  private void readLoop(Listener l) {
    NdjsonReader reader = new NdjsonReader(in, maxFrameBytes);
    Throwable cause = null;
    try {
      for (NdjsonReader.Line line; (line = reader.next()) != null; ) {
        if (line.oversized()) {
          l.onOversizedFrame(line.length());
        } else {
          l.onFrame(line.bytes(), 0, (int) line.length());
        }
      }
      cause = closed.get() ? null : endOfInput();
    } catch (IOException e) {
      cause = closed.get() ? null : e;
    } catch (RuntimeException | Error e) {
      // a listener that failed, even with an Error, still ends the channel: nobody waits forever
      cause = e;
    }
    report(cause);
    if (cause instanceof Error e) {
      throw e;
    }
  }

  /**
   * What the listener hears when the input reached EOF before {@link #close()}: null for an orderly
   * end (the default), or a failure that says why the peer went away.
   */
  protected @Nullable Throwable endOfInput() {
    return null;
  }

  private void report(@Nullable Throwable cause) {
    Listener l = listener;
    if (l != null && reported.compareAndSet(false, true)) {
      l.onClosed(cause);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
