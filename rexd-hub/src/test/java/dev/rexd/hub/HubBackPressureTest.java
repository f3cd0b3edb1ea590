package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdSession;
import dev.rexd.core.Limits;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

@Timeout(180)
class HubBackPressureTest {
  private static final Limits LOUD = Limits.defaults().withMaxOutputBytes(1L << 30);

  @TempDir Path dir;

  @Test
  void aClientThatStopsReadingDoesNotSlowAnotherClientOfTheSameHost() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      f.startHost("web-1", LOUD);
      Semaphore reads = new Semaphore(0);
      try (GatedClient stalled = GatedClient.open(f, reads)) {
        String sessionId = stalled.openSession("web-1");
        long bytes = 40_000_000;
        stalled.startLoud(sessionId, bytes);
        // it reads nothing more from here on; its process fills every buffer and then waits

        RexdSession other = f.client("web-1").openSession("other");
        assertThat(other.exec("echo", "still here").run().stdout()).isEqualTo("still here\n");
        assertThat(other.shell("seq 1 2000").run().stdout()).isEqualTo(seq(2000));

        reads.release(Integer.MAX_VALUE / 2);
        assertThat(stalled.awaitExit(120)).isEqualTo(bytes);
      }
    }
  }

  @Test
  void aSlowClientOfAFastHostKeepsMemoryBounded() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      f.startHost("web-1", LOUD);
      Semaphore reads = new Semaphore(0);
      try (GatedClient slow = GatedClient.open(f, reads)) {
        String sessionId = slow.openSession("web-1");
        long produced = 600_000_000; // far more than the bound below, were it buffered anywhere
        slow.startLoud(sessionId, produced);
        long baseline = usedHeap();
        long peak = 0;
        long read = 0;
        for (int round = 0; round < 8; round++) {
          reads.release(50);
          for (int i = 0; i < 50; i++) {
            read += slow.awaitOutputFrame();
          }
          peak = Math.max(peak, usedHeap() - baseline);
        }
        assertThat(read).isGreaterThan(0).isLessThan(produced / 4);
        assertThat(peak).as("heap growth while a client reads slowly").isLessThan(128L << 20);
        slow.kill(sessionId);
      }
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  static String seq(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      sb.append(i).append('\n');
    }
    return sb.toString();
  }

  /**
   * A bare client of the hub's /ws whose reader takes one permit per event, so the test decides how
   * fast it reads; answers to its calls pass without one.
   */
  static final class GatedClient implements AutoCloseable {
    private final Transport socket;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> outputFrames = new LinkedBlockingQueue<>();
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile long stdoutBytes;
    private volatile long lastSeq;
    private volatile boolean contiguous = true;
    private int nextId;

    private GatedClient(Transport socket) {
      this.socket = socket;
    }

    static GatedClient open(HubFixture f, Semaphore reads) {
      GatedClient c = new GatedClient(WebSocketTransport.builder(f.hub.wsUri()).token(HubFixture.CLIENT_TOKEN).connect());
      c.socket.start(new Transport.Listener() {
        @Override
        public void onFrame(String json) {
          JsonNode node = RexdJson.mapper().readTree(json);
          if (node.has("id")) {
            c.answers.add(node);
            return;
          }
          reads.acquireUninterruptibly();
          String method = node.path("method").asString("");
          if (method.equals("exec.stdout")) {
            long seq = node.at("/params/seq").asLong();
            if (seq != c.lastSeq + 1) {
              c.contiguous = false;
            }
            c.lastSeq = seq;
            long n = node.at("/params/data").asString("").length();
            c.stdoutBytes += n;
            c.outputFrames.add(n);
          } else if (method.equals("exec.exit")) {
            c.exited.countDown();
          }
        }

        @Override
        public void onClosed(@Nullable Throwable cause) {}
      });
      return c;
    }

    private JsonNode call(String method, String params) throws Exception {
      int id = ++nextId;
      socket.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}")
          .get(10, TimeUnit.SECONDS);
      JsonNode answer = answers.poll(30, TimeUnit.SECONDS);
      assertThat(answer).as("answer to " + method).isNotNull();
      assertThat(answer.get("id").asInt()).isEqualTo(id);
      assertThat(answer.has("error")).as(answer.toString()).isFalse();
      return answer.get("result");
    }

    String openSession(String host) throws Exception {
      return call("session.open", "{\"client_name\":\"gated\",\"host\":\"" + host + "\"}").get("session_id").asString();
    }

    void startLoud(String sessionId, long bytes) throws Exception {
      call("exec.start", "{\"session_id\":\"" + sessionId + "\",\"shell\":true,\"command\":\"head -c " + bytes
          + " /dev/zero | tr '\\\\0' a\",\"timeout_ms\":170000}");
    }

    void kill(String sessionId) throws Exception {
      socket.send("{\"jsonrpc\":\"2.0\",\"id\":999,\"method\":\"session.close\",\"params\":{\"session_id\":\""
          + sessionId + "\"}}").get(10, TimeUnit.SECONDS);
    }

    long awaitOutputFrame() throws InterruptedException {
      Long n = outputFrames.poll(30, TimeUnit.SECONDS);
      assertThat(n).as("an output event").isNotNull();
      return n;
    }

    /** The stdout bytes received once the exit arrived, all in seq order. */
    long awaitExit(long seconds) throws InterruptedException {
      assertThat(exited.await(seconds, TimeUnit.SECONDS)).as("exec.exit").isTrue();
      assertThat(contiguous).as("stdout seqs contiguous").isTrue();
      return stdoutBytes;
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
