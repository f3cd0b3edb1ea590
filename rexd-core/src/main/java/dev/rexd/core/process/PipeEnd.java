package dev.rexd.core.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The server's end of one pipe to a direct-spawned child, read or written through libc and closed
 * exactly once. A {@link #close()} while a read or write is in progress takes effect when that
 * call returns, so the descriptor number is never used after it could have been reused by another
 * open. Each end has one native buffer of {@value #BUFFER_BYTES} bytes, allocated by the first
 * read or write and freed with the descriptor. Reads and writes are each serialized; close is
 * lock-free and may come from any thread (a write in progress stops at its next system call).
 *
 * <pre>{@code
 * PipeEnd out = new PipeEnd(fd);
 * InputStream in = out.inputStream();   // read(...) until -1, then close()
 * }</pre>
 */
final class PipeEnd {
  static final int BUFFER_BYTES = 128 * 1024;
  private static final int EINTR = 4;
  /** Bit 0 of {@link #state}: close requested. The calls in progress count in steps of 2 above it. */
  private static final int CLOSING = 1;
  private static final int CALL = 2;

  private final int fd;
  private final AtomicInteger state = new AtomicInteger();
  /** Touched only inside a call, and by {@link #release()} after the last one. */
  private @Nullable Pointer buffer;

  PipeEnd(int fd) {
    this.fd = fd;
  }

  /** This end as a stream to read from. */
  InputStream inputStream() {
    return new In();
  }

  /** This end as a stream to write to; unbuffered, so {@code flush} does nothing. */
  OutputStream outputStream() {
    return new Out();
  }

  /** Closes the descriptor now, or when the call in progress returns. Later calls do nothing. */
  void close() {
    while (true) {
      int s = state.get();
      if ((s & CLOSING) != 0) {
        return;
      }
      if (state.compareAndSet(s, s | CLOSING)) {
        if (s == 0) {
          closeNow();
        }
        return;
      }
    }
  }

  private synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    acquire();
    try {
      Pointer buf = buffer();
      long n;
      while (true) {
        try {
          n = Libc.read(fd, buf, Math.min(len, BUFFER_BYTES));
          break;
        } catch (LastErrorException e) {
          retryOnEintr(e, "read");
        }
      }
      if (n == 0) {
        return -1;
      }
      buf.read(0, b, off, (int) n);
      return (int) n;
    } finally {
      release();
    }
  }

  private synchronized void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return;
    }
    acquire();
    try {
      Pointer buf = buffer();
      for (int done = 0; done < len; ) {
        int chunk = Math.min(len - done, BUFFER_BYTES);
        buf.write(0, b, off + done, chunk);
        for (int written = 0; written < chunk; ) {
          if ((state.get() & CLOSING) != 0) {
            throw new IOException("Stream closed");
          }
          try {
            written += (int) Libc.write(fd, buf.share(written), chunk - written);
          } catch (LastErrorException e) {
            retryOnEintr(e, "write");
          }
        }
        done += chunk;
      }
    } finally {
      release();
    }
  }

  private Pointer buffer() throws IOException {
    Pointer buf = buffer;
    if (buf == null) {
      buf = Libc.malloc(BUFFER_BYTES);
      if (buf == null) {
        throw new IOException("out of native memory for a pipe buffer");
      }
      buffer = buf;
    }
    return buf;
  }

  private static void retryOnEintr(LastErrorException e, String call) throws IOException {
    if (e.getErrorCode() != EINTR) {
      throw new IOException(call + " failed: " + SpawnErrors.describe(e.getErrorCode()), e);
    }
  }

  private void acquire() throws IOException {
    while (true) {
      int s = state.get();
      if ((s & CLOSING) != 0) {
        throw new IOException("Stream closed");
      }
      if (state.compareAndSet(s, s + CALL)) {
        return;
      }
    }
  }

  private void release() {
    if (state.addAndGet(-CALL) == CLOSING) {
      closeNow();
    }
  }

  /** Runs once: on {@link #close()} with no call in progress, or when the last call returns after it. */
  private void closeNow() {
    Libc.close(fd);
    Pointer buf = buffer;
    if (buf != null) {
      buffer = null;
      Libc.free(buf);
    }
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return PipeEnd.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return PipeEnd.this.read(b, off, len);
    }

    @Override
    public void close() {
      PipeEnd.this.close();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      PipeEnd.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      PipeEnd.this.write(b, off, len);
    }

    @Override
    public void close() {
      PipeEnd.this.close();
    }
  }
}
