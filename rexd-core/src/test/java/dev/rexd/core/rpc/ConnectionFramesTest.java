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

/** Text and byte frames share one bounded queue: one order, and each goes out the way it came in. */
class ConnectionFramesTest {
  @TempDir Path root;

  /** Records outbound frames ("text:" or "utf8:" + the text); each send waits for {@code gate}. */
  private static final class Recording implements Transport {
    final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    final CountDownLatch gate = new CountDownLatch(1);

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
  void framesLeaveInQueueOrderEachThroughItsOwnSend() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      Recording transport = new Recording();
      Connection c = server.connect(transport);
      assertThat(c.deliver("{\"n\":1}")).isTrue();
      assertThat(c.deliverUtf8("{\"n\":2}".getBytes(StandardCharsets.UTF_8))).isTrue();
      assertThat(c.deliver("{\"n\":3}")).isTrue();
      assertThat(c.deliverUtf8("{\"n\":4,\"s\":\"é\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
      transport.gate.countDown();
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sent.add(transport.sent.poll(10, TimeUnit.SECONDS));
      }
      assertThat(sent).containsExactly("text:{\"n\":1}", "utf8:{\"n\":2}", "text:{\"n\":3}",
          "utf8:{\"n\":4,\"s\":\"é\"}");
    }
  }
}
