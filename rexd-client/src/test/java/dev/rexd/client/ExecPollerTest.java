package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Exec over a transport without events, against a scripted server: the calls the poller makes,
 * back-pressure from a subscriber that is behind, and what needs events failing at once.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ExecPollerTest {
  private final ScriptedServer server = new ScriptedServer();
  private final RexdClient client = RexdClient.builder().transport(withoutEvents(server.clientEnd()))
      .outputBufferBytes(8).build();

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  /** The scripted server's end as a transport that, like HTTP POST, carries no events. */
  private static Transport withoutEvents(Transport t) {
    return new Transport() {
      @Override
      public void start(Listener listener) {
        t.start(listener);
      }

      @Override
      public CompletableFuture<Void> send(String frame) {
        return t.send(frame);
      }

      @Override
      public void close() {
        t.close();
      }

      @Override
      public boolean carriesEvents() {
        return false;
      }
    };
  }

  private RexdSession open(List<String> capabilities) throws Exception {
    CompletableFuture<RexdSession> s = CompletableFuture.supplyAsync(() -> client.openSession("poll"));
    server.openSession(Map.of(), capabilities);
    return s.get(5, TimeUnit.SECONDS);
  }

  /**
   * Sends a call of its own and checks that it is the next request the server sees: nothing the
   * client did before asked the server anything more.
   */
  private void assertNextRequestIsAMarker(RexdSession s) throws Exception {
    CompletableFuture<JsonNode> marker = CompletableFuture.supplyAsync(() -> s.call("fs.stat", Map.of("path", "m")));
    JsonNode req = expect("fs.stat");
    assertThat(req.get("params").get("path").asString()).isEqualTo("m");
    server.respond(req, Map.of("path", "/w/m", "exists", false));
    marker.get(5, TimeUnit.SECONDS);
  }

  private JsonNode expect(String method) throws InterruptedException {
    JsonNode req = server.nextRequest();
    assertThat(req.get("method").asString()).as(req.toString()).isEqualTo(method);
    return req;
  }

  private void output(String stream, long afterSeq, String status, Object... chunks)
      throws InterruptedException {
    JsonNode req = expect("exec.output");
    assertThat(req.get("params").get("stream").asString()).isEqualTo(stream);
    assertThat(req.get("params").get("after_seq").asLong()).isEqualTo(afterSeq);
    server.respond(req, Map.of("process_id", "p1", "chunks", List.of(chunks), "status", status));
  }

  private static Map<String, Object> chunk(String stream, long seq, byte[] bytes, boolean base64) {
    return Map.of("stream", stream, "seq", seq, "encoding", base64 ? "base64" : "utf8",
        "data", base64 ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8));
  }

  private static Map<String, Object> exited(int code) {
    Map<String, Object> m = new HashMap<>();
    m.put("status", "exited");
    m.put("exit_code", code);
    m.put("signal", null);
    m.put("bytes_stdout", 20);
    m.put("bytes_stderr", 4);
    m.put("timed_out", false);
    m.put("truncated", false);
    return m;
  }

  @Test
  void outputIsFetchedPerStreamAfterItsLastSeqAndOnlyWhenTheSubscriberHasRoom() throws Exception {
    RexdSession s = open(List.of("exec", "exec.output"));
    CompletableFuture<RemoteProcess> started = CompletableFuture.supplyAsync(() -> s.exec("gen").start());
    server.respond(expect("exec.start"), Map.of("process_id", "p1", "started_at", "2025-01-01T00:00:00Z"));
    RemoteProcess p = started.get(5, TimeUnit.SECONDS);
    byte[] binary = {(byte) 0xff, 0, 1, (byte) 0xc3};
    output("stdout", 0, "running", chunk("stdout", 1, "éé€!".getBytes(StandardCharsets.UTF_8), false),
        chunk("stdout", 2, "12345678".getBytes(StandardCharsets.UTF_8), false), chunk("stdout", 3, binary, true));
    OutputPublisherTest.awaitBlockedProducer(p.sink().publisher());
    assertThat(server.hasRequest()).as("the poller waits while the 8-byte buffer is full").isFalse();

    Collector sub = new Collector();
    p.output().subscribe(sub);
    output("stderr", 0, "running");
    JsonNode wait = expect("exec.wait");
    assertThat(wait.get("params").get("timeout_ms").asLong()).isEqualTo(ExecPoller.POLL.toMillis());
    server.respond(wait, exited(3));
    output("stdout", 3, "exited");
    output("stderr", 0, "exited", chunk("stderr", 1, "oops".getBytes(StandardCharsets.UTF_8), false));

    ExitStatus x = p.waitFor();
    assertThat(x.exitCode()).isEqualTo(3);
    assertThat(x.bytesStdout()).isEqualTo(20);
    assertThat(sub.chunks).extracting(c -> c.stream().name() + c.seq())
        .containsExactly("STDOUT1", "STDOUT2", "STDOUT3", "STDERR1");
    assertThat(sub.chunks.get(0).text()).isEqualTo("éé€!");
    assertThat(sub.chunks.get(2).bytes()).containsExactly(binary);
    assertThat(sub.completed).isTrue();
    assertNextRequestIsAMarker(s);
  }

  private CompletableFuture<ExecResult> runFailingPoll(int code, String reason) throws Exception {
    RexdSession s = open(List.of("exec", "exec.output"));
    CompletableFuture<ExecResult> run = s.exec("gen").runAsync();
    server.respond(expect("exec.start"), Map.of("process_id", "p1", "started_at", "2025-01-01T00:00:00Z"));
    server.fail(expect("exec.output"), code, "no", Map.of("reason", reason));
    return run;
  }

  @Test
  void aFailedPollEndsTheProcessWithThatError() throws Exception {
    CompletableFuture<ExecResult> run = runFailingPoll(-32603, "internal");
    assertThatThrownBy(() -> run.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(RexdRemoteException.class,
        e -> assertThat(e.reason()).isEqualTo("internal"));
  }

  @Test
  void aSessionTheServerNoLongerKnowsEndsTheProcessAsClosed() throws Exception {
    CompletableFuture<ExecResult> run = runFailingPoll(-32602, "session_not_found");
    assertThatThrownBy(() -> run.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RexdCanceledException.class)
        .hasMessageContaining("session s1 was closed before the process reported its exit");
  }

  @Test
  void whatCannotWorkWithoutEventsFailsAtOnceWithoutAsking() throws Exception {
    RexdSession s = open(List.of("exec", "pty"));
    assertThatThrownBy(() -> s.pty("sh").open()).isExactlyInstanceOf(RexdClientException.class)
        .hasMessageContaining("a terminal needs a streaming transport (stdio or WebSocket)");
    assertThatThrownBy(() -> s.exec("true").run()).isExactlyInstanceOf(RexdClientException.class)
        .hasMessageContaining("needs a server that offers exec.output");
    assertNextRequestIsAMarker(s);
  }

  /** Takes every chunk as it comes. */
  private static final class Collector implements Flow.Subscriber<Chunk> {
    final List<Chunk> chunks = new CopyOnWriteArrayList<>();
    volatile boolean completed;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(Chunk c) {
      chunks.add(c);
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {
      completed = true;
    }
  }
}
