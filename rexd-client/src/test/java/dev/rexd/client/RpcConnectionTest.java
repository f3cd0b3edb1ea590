package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.rpc.OutputEventFrames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The JSON-RPC layer against a scripted peer: matching, deadlines, errors, event routing, ends. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RpcConnectionTest {
  private final ScriptedServer server = new ScriptedServer();
  private final RexdClient client = RexdClient.builder().transport(server.clientEnd()).build();

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  private static Map<String, Object> stat(String path, boolean exists) {
    Map<String, Object> m = new HashMap<>();
    m.put("path", path);
    m.put("exists", exists);
    return m;
  }

  @Test
  void matchesResponsesThatArriveOutOfOrder() throws Exception {
    CompletableFuture<FsStatResult> a = client.callAsync(RexdMethods.FS_STAT, new FsStatParams("s1", "a"));
    CompletableFuture<FsStatResult> b = client.callAsync(RexdMethods.FS_STAT, new FsStatParams("s1", "b"));
    JsonNode ra = server.nextRequest();
    JsonNode rb = server.nextRequest();
    assertThat(ra.get("params").get("path").asString()).isEqualTo("a");
    server.respond(rb, stat("b", false));
    server.respond(ra, stat("a", true));
    assertThat(a.get(5, TimeUnit.SECONDS).exists()).isTrue();
    assertThat(b.get(5, TimeUnit.SECONDS).path()).isEqualTo("b");
  }

  @Test
  void anErrorKeepsItsRawCodeReasonAndData() throws Exception {
    CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> client.call("x.custom", Map.of("k", 1)));
    JsonNode req = server.nextRequest();
    assertThat(req.get("params").get("k").asInt()).isEqualTo(1);
    server.fail(req, -32099, "odd", Map.of("reason", "weird", "path", "/w/a", "n", 3));
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(RexdRemoteException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
      assertThat(e.rawCode()).isEqualTo(-32099);
      assertThat(e.reason()).isEqualTo("weird");
      assertThat(e.path()).isEqualTo("/w/a");
      assertThat(e.data()).containsEntry("n", 3);
      assertThat(e.method()).isEqualTo("x.custom");
      assertThat(e.getMessage()).contains("odd");
    });
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void everyProtocolErrorCodeBecomesATypedRemoteException(ErrorCode code) throws Exception {
    CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> client.call("any", null));
    server.fail(server.nextRequest(), code.code(), code.title(), Map.of("reason", "r"));
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(RexdRemoteException.class,
        e -> {
          assertThat(e.code()).isEqualTo(code);
          assertThat(e.rawCode()).isEqualTo(code.code());
          assertThat(e.reason()).isEqualTo("r");
        });
  }

  @Test
  void anErrorWithoutDataHasReasonUnknown() throws Exception {
    CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> client.call("x", null));
    server.fail(server.nextRequest(), -32601, "no", null);
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(RexdRemoteException.class,
        e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.METHOD_NOT_FOUND);
          assertThat(e.reason()).isEqualTo("unknown");
        });
  }

  @Test
  void aDeadlineFailsOnlyThatCallAndALateAnswerIsIgnored() throws Exception {
    RexdClient quick = client.newBuilder().callTimeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> quick.call("slow.method", null)).isInstanceOfSatisfying(RexdTimeoutException.class,
        e -> assertThat(e.operation()).isEqualTo("slow.method"));
    JsonNode late = server.nextRequest();
    server.respond(late, Map.of("too", "late"));
    CompletableFuture<JsonNode> next = CompletableFuture.supplyAsync(() -> client.call("next", null));
    server.respond(server.nextRequest(), Map.of("ok", true));
    assertThat(next.get(5, TimeUnit.SECONDS).get("ok").asBoolean()).isTrue();
  }

  @Test
  void eventsRightBehindTheStartResponseAreNotLost() throws Exception {
    CompletableFuture<RexdSession> opening = CompletableFuture.supplyAsync(() -> client.openSession("t"));
    server.openSession(Map.of("default_timeout_ms", 30_000L));
    RexdSession s = opening.get(5, TimeUnit.SECONDS);
    CompletableFuture<ExecResult> run = s.exec("anything").runAsync();
    JsonNode start = server.nextRequest();
    assertThat(start.get("params").get("argv").get(0).asString()).isEqualTo("anything");
    server.respond(start, Map.of("process_id", "p1", "started_at", "2025-01-01T00:00:00Z"));
    server.event("exec.stdout", output("p1", 1, "aGk=", "base64"));
    server.event("exec.stderr", output("p1", 1, "warn", "utf8"));
    server.event("exec.stdout", output("p1", 2, " there", "utf8"));
    server.event("exec.stdout", output("other", 1, "not mine", "utf8"));
    Map<String, Object> exit = new HashMap<>();
    exit.put("session_id", "s1");
    exit.put("process_id", "p1");
    exit.put("exit_code", 0);
    exit.put("signal", null);
    exit.put("duration_ms", 5);
    exit.put("bytes_stdout", 8);
    exit.put("bytes_stderr", 4);
    server.event("exec.exit", exit);
    ExecResult r = run.get(5, TimeUnit.SECONDS);
    assertThat(r.stdout()).isEqualTo("hi there");
    assertThat(r.stderr()).isEqualTo("warn");
    assertThat(r.processId()).isEqualTo("p1");
    assertThat(r.durationMs()).isEqualTo(5);
  }

  @Test
  void outputEventsThatArriveAsBytesReachTheCallbacksAsTheSameBytes() throws Exception {
    CompletableFuture<RexdSession> opening = CompletableFuture.supplyAsync(() -> client.openSession("t"));
    server.openSession(Map.of("default_timeout_ms", 30_000L));
    RexdSession s = opening.get(5, TimeUnit.SECONDS);
    List<Chunk> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<ExecResult> run = s.exec("anything").onOutput(chunks::add).runAsync();
    server.respond(server.nextRequest(), Map.of("process_id", "p1", "started_at", "2025-01-01T00:00:00Z"));
    byte[] text = "grüße \"quoted\"\t\\ 🚀\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] binary = {(byte) 0xff, 0, (byte) 0xc3};
    server.sendRawUtf8(OutputEventFrames.exec(StreamName.STDOUT, "s1", "p1", 1, text, Encoding.UTF8));
    server.sendRawUtf8("{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"process_id\":\"p1\","
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));   // cut short: skipped
    server.sendRawUtf8(OutputEventFrames.exec(StreamName.STDERR, "s1", "p1", 1, binary, Encoding.BASE64));
    server.sendRawUtf8(OutputEventFrames.exec(StreamName.STDOUT, "s1", "other", 1, text, Encoding.UTF8));
    server.sendRawUtf8(("{\"jsonrpc\":\"2.0\",\"method\":\"exec.exit\",\"params\":{\"session_id\":\"s1\","
        + "\"process_id\":\"p1\",\"exit_code\":0,\"duration_ms\":5,\"bytes_stdout\":" + text.length
        + ",\"bytes_stderr\":3}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ExecResult r = run.get(5, TimeUnit.SECONDS);
    assertThat(r.stdoutBytes()).isEqualTo(text);
    assertThat(r.stderrBytes()).isEqualTo(binary);
    assertThat(chunks).containsExactly(new Chunk(StreamName.STDOUT, 1, text), new Chunk(StreamName.STDERR, 1, binary));
  }

  private static Map<String, Object> output(String pid, long seq, String data, String encoding) {
    return Map.of("session_id", "s1", "process_id", pid, "seq", seq, "data", data, "encoding", encoding);
  }

  @Test
  void framesItCannotReadAreSkipped() throws Exception {
    CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> client.call("x", null));
    JsonNode req = server.nextRequest();
    server.sendRaw("not json");
    server.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse\"}}");
    server.sendRaw("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"server.asks\"}");
    server.respond(req, List.of(1, 2));
    assertThat(f.get(5, TimeUnit.SECONDS).size()).isEqualTo(2);
  }

  @Test
  void aRequestLargerThanTheServersMessageLimitFailsWithoutBeingSent() throws Exception {
    CompletableFuture<RexdSession> opening = CompletableFuture.supplyAsync(() -> client.openSession("t"));
    server.openSession(Map.of("max_message_bytes", 1_000L));
    RexdSession s = opening.get(5, TimeUnit.SECONDS);
    assertThatThrownBy(() -> s.fs().writeString("big.txt", "x".repeat(5_000)))
        .isInstanceOf(RexdClientException.class)
        .hasMessageContaining("max_message_bytes (1000)");
    CompletableFuture.runAsync(() -> client.call("after", null));
    assertThat(server.nextRequest().get("method").asString()).as("the next request on the wire").isEqualTo("after");
  }

  @Test
  void theServerGoingAwayFailsPendingCallsAndLaterOnes() throws Exception {
    CompletableFuture<JsonNode> f = CompletableFuture.supplyAsync(() -> client.call("x", null));
    server.nextRequest();
    server.close();
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RexdTransportException.class)
        .hasMessageContaining("closed by the server");
    assertThatThrownBy(() -> client.call("y", null)).isInstanceOf(RexdTransportException.class);
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void derivedClientsShareTheConnection() {
    RexdClient derived = client.newBuilder().clientName("other").loginShell(true).build();
    assertThat(derived.clientName()).isEqualTo("other");
    assertThat(derived.loginShell()).isTrue();
    assertThat(derived.toString()).isEqualTo(client.toString());
    derived.close();
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aClientNeedsATransport() {
    assertThatThrownBy(() -> RexdClient.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RexdClient.builder().callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCommandThatCannotStartIsATransportError() {
    assertThatThrownBy(() -> RexdClient.spawn("/no/such/rexd-binary", "--stdio"))
        .isInstanceOf(RexdTransportException.class)
        .hasMessageContaining("/no/such/rexd-binary");
  }
}
