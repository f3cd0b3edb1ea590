package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The direct path's pipe ends: exact bytes, and a descriptor closed once, never under a call. */
class PipeEndTest {
  /** Linux's default pipe capacity. */
  private static final int PIPE_BUFFER = 65536;

  @BeforeEach
  void needsTheDirectPath() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Spawners.usesPosixSpawn(), "posix_spawn is not this JVM's spawn path");
  }

  @Test
  void bytesArriveExactlyThenEof() throws Exception {
    int[] p = pipe();
    PipeEnd reader = new PipeEnd(p[0]);
    PipeEnd writer = new PipeEnd(p[1]);
    byte[] data = new byte[3 * PipeEnd.BUFFER_BYTES + 17];
    new Random(5).nextBytes(data);

    CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
      try {
        writer.outputStream().write(data);
        writer.outputStream().write(new byte[0]);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } finally {
        writer.close();
      }
    });
    InputStream in = reader.inputStream();
    assertThat(in.readAllBytes()).isEqualTo(data);
    assertThat(in.read()).isEqualTo(-1);
    in.close();
    writing.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCloseDuringABlockedWriteTakesEffectWhenTheWriteReturns() throws Exception {
    int[] p = pipe();
    PipeEnd reader = new PipeEnd(p[0]);
    PipeEnd writer = new PipeEnd(p[1]);
    CompletableFuture<Throwable> writing = CompletableFuture.supplyAsync(() -> {
      try {
        writer.outputStream().write(new byte[1 << 20]);   // blocks once the pipe is full
        return null;
      } catch (IOException e) {
        return e;
      }
    });
    awaitFull(p[0]);

    writer.close();   // the write in progress keeps the descriptor open...
    writer.close();
    assertThat(writing).isNotDone();

    byte[] drained = reader.inputStream().readAllBytes();   // ...and closes it when it returns: EOF here
    assertThat(drained.length).isGreaterThan(0).isLessThan(1 << 20);
    assertThat(writing.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessage("Stream closed");
    reader.close();
  }

  /** Waits until the pipe holds a full pipe buffer, so the writer blocks; fails after 10 s. */
  private static void awaitFull(int readFd) throws InterruptedException {
    int[] queued = new int[1];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (TestLibc.C.ioctl(readFd, TestLibc.FIONREAD, queued) == 0 && queued[0] < PIPE_BUFFER) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the pipe never filled: " + queued[0] + " bytes");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aClosedEndRefusesCalls() throws Exception {
    int[] p = pipe();
    PipeEnd reader = new PipeEnd(p[0]);
    PipeEnd writer = new PipeEnd(p[1]);
    reader.close();
    writer.close();
    assertThatThrownBy(() -> reader.inputStream().read(new byte[8])).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> writer.outputStream().write(1)).isInstanceOf(IOException.class);
  }

  private static int[] pipe() {
    int[] p = new int[2];
    Libc.pipe2(p, Libc.O_CLOEXEC);
    return p;
  }
}
