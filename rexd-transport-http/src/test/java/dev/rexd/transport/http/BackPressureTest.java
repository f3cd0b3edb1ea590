package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.http.server.WebSocketSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket client that stops reading while a process floods output: the server's memory stays
 * bounded (the process blocks on its pipe), nothing is lost once it reads again, and a client
 * stuck past the send timeout is disconnected with a logged reason while its session lives on.
 */
class BackPressureTest {
  private static final long FLOOD = 50_000_000;
  private static final String TRANSPORT_LOG = "dev.rexd.transport.http.server.WebSocketServerTransport";

  @TempDir Path root;
  private RexdServer server;
  private RexdHttpServer http;

  @BeforeEach
  void build() {
    server = RexdServer.builder().allowedRoot(root).limits(Limits.defaults().withMaxOutputBytes(64 << 20)).build();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private static List<String> flood(long bytes) {
    return List.of("sh", "-c", "head -c " + bytes + " /dev/zero | tr '\\0' a");
  }

  /** A call over POST, which does not subscribe to the session, so it never competes with the socket. */
  private JsonNode post(String method, Map<String, Object> params) throws Exception {
    String body = RexdJson.mapper().writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method,
        "params", params));
    HttpResponse<String> r = JdkSocket.HTTP.send(HttpRequest.newBuilder(http.rpcUri())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return RexdJson.mapper().readTree(r.body()).get("result");
  }

  private long stdoutSoFar(String sid, String pid) throws Exception {
    return post("exec.wait", Map.of("session_id", sid, "process_id", pid, "timeout_ms", 10)).get("bytes_stdout").asLong();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void aClientThatStopsReadingSlowsTheProcessAndLosesNothing() throws Exception {
    http = TestServers.http(server).start();
    long baseline = usedHeap();
    try (JdkSocket s = JdkSocket.open(http.wsUri(), Map.of(), List.of())) {
      String sid = s.call("session.open", Map.of("client_name", "slow")).get("result").get("session_id").asString();
      s.pause(); // the exec.start response still comes through, then nothing is read
      JsonNode started = s.response(s.request("exec.start", Map.of("session_id", sid, "argv", flood(FLOOD))));
      String pid = started.get("result").get("process_id").asString();

      long stalled = -1;
      for (long prev = -2, deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < deadline; ) {
        Thread.sleep(500);
        long now = stdoutSoFar(sid, pid);
        if (now == prev) {
          stalled = now;
          break;
        }
        prev = now;
      }
      assertThat(stalled).as("the process was held back").isBetween(1L, FLOOD - 1);
      long heapStalled = usedHeap();
      Thread.sleep(1500);
      assertThat(stdoutSoFar(sid, pid)).as("still held back").isEqualTo(stalled);
      assertThat(usedHeap() - heapStalled).as("no growth while stalled").isLessThan(8L << 20);
      assertThat(heapStalled - baseline).as("far less than the flood is held").isLessThan(FLOOD);

      s.resume();
      JsonNode exit = s.event("exec.exit", Duration.ofSeconds(60));
      assertThat(exit.get("exit_code").asInt()).isZero();
      assertThat(exit.get("bytes_stdout").asLong()).isEqualTo(FLOOD);
      assertThat(exit.get("truncated").asBoolean()).isFalse();
      assertThat(s.stdoutBytes.get()).as("every byte arrived").isEqualTo(FLOOD);
      assertThat(s.messages).as("no chunk out of order").noneMatch(m -> m.path("method").asString("").equals("exec.stdout"));
    }
  }

  @Test
  void aClientStuckPastTheSendTimeoutIsDisconnectedWithAReasonAndItsSessionLivesOn() throws Exception {
    http = TestServers.http(server).webSocket(WebSocketSettings.defaults().withSendTimeout(Duration.ofSeconds(1))).start();
    try (LogCapture log = LogCapture.of(TRANSPORT_LOG);
        JdkSocket s = JdkSocket.open(http.wsUri(), Map.of(), List.of())) {
      String sid = s.call("session.open", Map.of("client_name", "stuck")).get("result").get("session_id").asString();
      s.pause();
      String pid = s.response(s.request("exec.start", Map.of("session_id", sid, "argv", flood(20_000_000))))
          .get("result").get("process_id").asString();
      assertThat(log.await("send timeout", 20_000)).as("logged: %s", log.messages()).isTrue();
      assertThat(log.messages()).anyMatch(m -> m.startsWith("WARNING") && m.contains("disconnecting"));

      JsonNode done = post("exec.wait", Map.of("session_id", sid, "process_id", pid, "timeout_ms", 30_000));
      assertThat(done.get("status").asString()).as("the pumps were released").isEqualTo("exited");
      assertThat(done.get("bytes_stdout").asLong()).isEqualTo(20_000_000);
      assertThat(post("session.info", Map.of("session_id", sid)).get("session_id").asString()).isEqualTo(sid);
      s.resume();
      assertThat(s.closed.get(30, TimeUnit.SECONDS)).isIn(1008, -1);
    }
  }

  @Test
  void aSilentClientIsDisconnectedAndALiveOneKept() throws Exception {
    http = TestServers.http(server).webSocket(WebSocketSettings.defaults().withPingInterval(Duration.ofMillis(200)))
        .start();
    try (LogCapture log = LogCapture.of(TRANSPORT_LOG);
        WirePeer live = new WirePeer(WebSocketTransport.builder(http.wsUri()).connect());
        JdkSocket silent = JdkSocket.open(http.wsUri(), Map.of(), List.of())) {
      silent.pause();
      silent.call("session.open", Map.of("client_name", "silent"));
      assertThat(log.await("no message or pong", 10_000)).as("logged: %s", log.messages()).isTrue();
      assertThat(live.openSession()).as("the live client answers pings and stays").isNotBlank();
      assertThat(live.awaitClosed(Duration.ofMillis(1))).isFalse();
    }
  }
}
