package dev.rexd.core.fd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread that exchanges two paths back and forth with {@code renameat2(RENAME_EXCHANGE)} — one a
 * directory inside a root, the other a symlink to a directory outside — until closed or its time
 * is up; closing leaves the paths as they were at the start.
 */
public final class SwapRacer implements AutoCloseable {
  private static final int RENAME_EXCHANGE = 2;

  interface C extends Library {
    C LIBC = Native.load("c", C.class);

    int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags);
  }

  private final Path a;
  private final Path b;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong swaps = new AtomicLong();
  private final Thread thread;
  private final long deadline;

  public SwapRacer(Path a, Path b, Duration bound) {
    this.a = a;
    this.b = b;
    this.deadline = System.nanoTime() + bound.toNanos();
    this.thread = new Thread(this::run, "swap-racer");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!stop.get() && System.nanoTime() < deadline) {
      if (C.LIBC.renameat2(Posix.AT_FDCWD, a.toString(), Posix.AT_FDCWD, b.toString(), RENAME_EXCHANGE) != 0) {
        throw new IllegalStateException("renameat2 failed: errno " + Native.getLastError());
      }
      swaps.incrementAndGet();
    }
  }

  /** Whether the racer is still swapping. */
  public boolean running() {
    return thread.isAlive();
  }

  public long swaps() {
    return swaps.get();
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join();
    if (swaps.get() % 2 == 1) {
      C.LIBC.renameat2(Posix.AT_FDCWD, a.toString(), Posix.AT_FDCWD, b.toString(), RENAME_EXCHANGE);
      swaps.incrementAndGet();
    }
  }
}
