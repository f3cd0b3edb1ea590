package dev.rexd.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.ThreadStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection's writer thread sleeps until there is something to write or the connection ends:
 * no timed wake-ups while idle, and it still ends however the connection does. What waits for the
 * end without a thread of its own ({@code whenClosed}) is told once, unless it let go first.
 */
class ConnectionWriterTest {
  @TempDir Path root;

  /** Records sent frames, or fails every send once {@code failing} is set. */
  private static final class Peer implements Transport {
    final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    volatile boolean failing;
    volatile @Nullable Listener listener;

    @Override
    public void start(Listener l) {
      listener = l;
    }

    @Override
    public CompletableFuture<Void> send(String frame) {
      if (failing) {
        return CompletableFuture.failedFuture(new IOException("peer gone"));
      }
      sent.add(frame);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> sendUtf8(byte[] frame) {
      return send(new String(frame, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {}
  }

  @Test
  void anIdleWriterWaitsWithoutATimeout() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      Peer peer = new Peer();
      Connection c = server.connect(peer);
      Thread writer = writerOf(c);
      assertThat(ThreadStates.awaitWaiting(writer)).isEqualTo(Thread.State.WAITING);

      assertThat(c.deliver("{\"n\":1}")).isTrue();
      assertThat(peer.sent.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"n\":1}");
      assertThat(ThreadStates.awaitWaiting(writer)).isEqualTo(Thread.State.WAITING);
    }
  }

  @Test
  void theWriterEndsWhenTheTransportCloses() throws Exception {
    assertWriterEndsAfter((peer, c) -> peer.listener.onClosed(null));
  }

  @Test
  void theWriterEndsWhenAnotherThreadsWriteFails() throws Exception {
    assertWriterEndsAfter((peer, c) -> {
      peer.failing = true;
      assertThat(c.deliver("{\"n\":1}")).isFalse();   // written here, not by the writer, and failed
    });
  }

  @Test
  void aCloseActionRunsOnceUnlessForgottenAndAtOnceWhenLate() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      Peer peer = new Peer();
      Connection c = server.connect(peer);
      AtomicInteger kept = new AtomicInteger();
      AtomicInteger forgotten = new AtomicInteger();
      c.whenClosed(kept::incrementAndGet);
      c.whenClosed(forgotten::incrementAndGet).run();

      peer.listener.onClosed(null);
      c.closed().get(10, TimeUnit.SECONDS);
      assertThat(kept).hasValue(1);
      assertThat(forgotten).hasValue(0);

      AtomicInteger late = new AtomicInteger();
      c.whenClosed(late::incrementAndGet);
      assertThat(late).hasValue(1);
    }
  }

  /** What ends the connection in a test. */
  @FunctionalInterface
  private interface Ending {
    void end(Peer peer, Connection c) throws Exception;
  }

  private void assertWriterEndsAfter(Ending ending) throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      Peer peer = new Peer();
      Connection c = server.connect(peer);
      Thread writer = writerOf(c);
      ThreadStates.awaitWaiting(writer);

      ending.end(peer, c);
      c.closed().get(10, TimeUnit.SECONDS);
      writer.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(writer.isAlive()).isFalse();
    }
  }

  private static Thread writerOf(Connection c) {
    String name = c + "-writer";
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + name));
  }
}
