package dev.rexd.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text and byte frames share one bounded queue or go out directly: one order per producer, and each
 * goes out the way it came in.
 */
class ConnectionFramesTest {
  @TempDir Path root;

  /** Records outbound frames ("text:" or "utf8:" + the text); each send waits for {@code gate}. */
  private static final class Recording implements Transport {
    final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    final CountDownLatch gate = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public void start(Listener listener) {}

    @Override
    public CompletableFuture<Void> send(String frame) {
      return record("text:" + frame);
    }

    @Override
    public CompletableFuture<Void> sendUtf8(byte[] frame) {
      return record("utf8:" + new String(frame, StandardCharsets.UTF_8));
    }

    private CompletableFuture<Void> record(String frame) {
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sent.add(frame);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }

  @Test
  void framesLeaveInTheOrderTheyWereDeliveredEachThroughItsOwnSend() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      Recording transport = new Recording();
      Connection c = server.connect(transport);
      // the first frame is written by its producer, which then waits at the gate holding the writer
      CompletableFuture<Boolean> producer = CompletableFuture.supplyAsync(() -> deliverAll(c,
          "{\"n\":1}", "{\"n\":2}".getBytes(StandardCharsets.UTF_8)));
      awaitWriting(transport);
      CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> deliverAll(c,
          "{\"n\":3}", "{\"n\":4,\"s\":\"é\"}".getBytes(StandardCharsets.UTF_8)));
      transport.gate.countDown();
      assertThat(producer.get(10, TimeUnit.SECONDS)).isTrue();
      assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sent.add(transport.sent.poll(10, TimeUnit.SECONDS));
      }
      assertThat(sent).startsWith("text:{\"n\":1}");
      assertThat(sent.indexOf("utf8:{\"n\":2}")).isPositive();
      assertThat(sent.indexOf("utf8:{\"n\":4,\"s\":\"é\"}")).isGreaterThan(sent.indexOf("text:{\"n\":3}"));
      assertThat(sent).containsExactlyInAnyOrder("text:{\"n\":1}", "utf8:{\"n\":2}", "text:{\"n\":3}",
          "utf8:{\"n\":4,\"s\":\"é\"}");
    }
  }

  /** Delivers a text frame, then a byte frame, in this thread; true when both were accepted. */
  private static boolean deliverAll(Connection c, String text, byte[] utf8) {
    try {
      return c.deliver(text) && c.deliverUtf8(utf8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until a send is blocked at the gate (some thread holds the connection's writer). */
  private static void awaitWriting(Recording transport) throws InterruptedException {
    assertThat(transport.entered.await(10, TimeUnit.SECONDS)).as("a send started").isTrue();
  }
}
