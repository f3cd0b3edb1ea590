package dev.rexd.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The wire behaviour of protocol sections 1, 2, 3, 5 and 7 that every transport must show. Each
 * transport extends this class and says how to reach a server started from a config file.
 *
 * <pre>{@code
 * class InMemoryContractTest extends ServerContractSuite {
 *   protected Transport connect(Path config) { ... }
 * }
 * }</pre>
 */
public abstract class ServerContractSuite {
  protected static final int MAX_MESSAGE_BYTES = 65_536;
  protected static final int MAX_OUTPUT_BYTES = 64 << 20;

  @TempDir protected Path tmp;
  protected Path root;
  protected Path outside;
  protected Path auditLog;
  protected WirePeer peer;

  /** Starts a server configured by {@code configFile} and returns a client-side transport to it. */
  protected abstract Transport connect(Path configFile) throws Exception;

  /** Whether this transport carries events (plain HTTP POST does not: protocol section 1). */
  protected boolean deliversEvents() {
    return true;
  }

  private void requireEvents() {
    org.junit.jupiter.api.Assumptions.assumeTrue(deliversEvents(), "this transport carries no events");
  }

  /** Stops what {@link #connect} started; called after each test. */
  protected void stopServer() throws Exception {}

  @BeforeEach
  void startServer() throws Exception {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
    auditLog = tmp.resolve("logs/audit.log");
    Path config = tmp.resolve("rexd.toml");
    Files.writeString(config, String.join("\n",
        "[server]",
        "stdio = true",
        "[limits]",
        "max_concurrent_sessions = 4",
        "max_message_bytes = " + MAX_MESSAGE_BYTES,
        "max_output_bytes = " + MAX_OUTPUT_BYTES,
        "[security]",
        "allow_shell = true",
        "[[security.allowed_roots]]",
        "path = \"" + root + "\"",
        "[audit]",
        "enabled = true",
        "path = \"" + auditLog + "\"",
        ""));
    peer = new WirePeer(connect(config));
  }

  @AfterEach
  void stop() throws Exception {
    peer.close();
    stopServer();
  }

  protected static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void sessionOpenReportsProtocolCapabilitiesLimitsAndRoots() {
    JsonNode r = peer.result("session.open", params("client_name", "suite", "client_version", "1"));
    assertThat(r.get("session_id").asString()).isNotBlank();
    assertThat(r.get("protocol").asString()).isEqualTo("rexd/1");
    assertThat(r.get("server_version").asString()).isNotBlank();
    List<String> caps = new ArrayList<>();
    r.get("capabilities").forEach(c -> caps.add(c.asString()));
    assertThat(caps).contains("exec", "fs", "events");
    Set<String> limits = new HashSet<>(r.get("limits").propertyNames());
    assertThat(limits).contains("default_timeout_ms", "hard_timeout_ms", "max_output_bytes",
        "max_file_read_bytes", "max_processes_per_session", "max_concurrent_sessions", "max_message_bytes");
    assertThat(r.get("limits").get("max_concurrent_sessions").asInt()).isEqualTo(4);
    assertThat(r.get("workspace_roots").get(0).asString()).isEqualTo(root.toString());
  }

  @Test
  void requestedRootsNarrowTheSessionAndSetItsCwd() throws Exception {
    Path sub = Files.createDirectories(root.resolve("sub"));
    JsonNode r = peer.result("session.open", params("client_name", "t", "workspace_roots", List.of(sub.toString())));
    assertThat(r.get("workspace_roots").get(0).asString()).isEqualTo(sub.toString());
    String sid = r.get("session_id").asString();
    JsonNode info = peer.result("session.info", params("session_id", sid));
    assertThat(info.get("cwd").asString()).isEqualTo(sub.toString());
    assertThat(info.get("client_name").asString()).isEqualTo("t");
    JsonNode err = peer.error("fs.read", params("session_id", sid, "path", root.resolve("x").toString()));
    assertThat(err.get("code").asInt()).isEqualTo(-32002);
  }

  @Test
  void aRequestedRootOutsideTheAllowedRootsIsForbidden() {
    JsonNode err = peer.error("session.open",
        params("client_name", "t", "workspace_roots", List.of(outside.toString())));
    assertThat(err.get("code").asInt()).isEqualTo(-32002);
    assertThat(err.get("data").get("allowed_roots").get(0).asString()).isEqualTo(root.toString());
    assertThat(err.get("data").get("path").asString()).isEqualTo(outside.toString());
  }

  @Test
  void sessionInfoListsStateAndCloseEndsTheSession() {
    String sid = peer.openSession();
    JsonNode info = peer.result("session.info", params("session_id", sid));
    assertThat(info.get("session_id").asString()).isEqualTo(sid);
    assertThat(info.get("running_processes").asInt()).isZero();
    assertThat(info.get("processes").isArray()).isTrue();
    assertThat(info.get("ptys").isArray()).isTrue();
    assertThat(info.get("limits").isObject()).isTrue();
    assertThat(peer.result("session.close", params("session_id", sid)).get("ok").asBoolean()).isTrue();
    JsonNode err = peer.error("session.info", params("session_id", sid));
    assertThat(err.get("code").asInt()).isEqualTo(-32602);
    assertThat(err.get("data").get("reason").asString()).isEqualTo("session_not_found");
  }

  @Test
  void maxConcurrentSessionsIsAResourceLimit() {
    for (int i = 0; i < 4; i++) {
      peer.openSession();
    }
    JsonNode err = peer.error("session.open", params("client_name", "fifth"));
    assertThat(err.get("code").asInt()).isEqualTo(-32008);
  }

  @Test
  void everyBadLineIsAnsweredAndTheConnectionSurvives() throws Exception {
    peer.send("this is not json");
    JsonNode parse = peer.nextUnmatched();
    assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
    assertThat(parse.get("id").isNull()).isTrue();

    peer.send("{\"id\":7,\"method\":\"session.open\"}");
    assertThat(peer.nextUnmatched().get("error").get("code").asInt()).isEqualTo(-32600);
    peer.send("42");
    assertThat(peer.nextUnmatched().get("error").get("code").asInt()).isEqualTo(-32600);

    assertThat(peer.error("no.such.method", Map.of()).get("code").asInt()).isEqualTo(-32601);
    assertThat(peer.error("session.open", Map.of()).get("code").asInt()).isEqualTo(-32602);
    assertThat(peer.error("fs.read", params("session_id", "nope", "path", "a")).get("data").get("reason").asString())
        .isEqualTo("session_not_found");
    assertThat(peer.openSession()).isNotBlank();
  }

  @Test
  void batchesGetOneArrayAndNotificationsNoResponse() throws Exception {
    peer.send("[{\"jsonrpc\":\"2.0\",\"id\":\"b1\",\"method\":\"session.open\",\"params\":{\"client_name\":\"a\"}},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"session.open\",\"params\":{\"client_name\":\"n\"}},"
        + "{\"jsonrpc\":\"2.0\",\"id\":\"b2\",\"method\":\"nope\"}]");
    JsonNode batch = peer.nextUnmatched();
    assertThat(batch.isArray()).isTrue();
    assertThat(batch.size()).isEqualTo(2);
    Set<String> ids = new HashSet<>();
    batch.forEach(r -> ids.add(r.get("id").asString()));
    assertThat(ids).containsExactlyInAnyOrder("b1", "b2");

    peer.send("[]");
    assertThat(peer.nextUnmatched().get("error").get("code").asInt()).isEqualTo(-32600);

    peer.send("{\"jsonrpc\":\"2.0\",\"method\":\"no.such\"}");
    peer.send("[{\"jsonrpc\":\"2.0\",\"method\":\"no.such\"}]");
    assertThat(peer.openSession()).isNotBlank();
    assertThat(peer.unmatched).isEmpty();
  }

  @Test
  void anOversizedMessageIsAnsweredAndSkipped() throws Exception {
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\""
        + "x".repeat(MAX_MESSAGE_BYTES + 10) + "\"}}";
    peer.send(big);
    JsonNode err = peer.nextUnmatched();
    assertThat(err.get("error").get("code").asInt()).isEqualTo(-32600);
    assertThat(peer.openSession()).isNotBlank();
  }

  @Test
  void filesRoundTripThroughTheWire() throws Exception {
    String sid = peer.openSession();
    JsonNode w = peer.result("fs.write", params("session_id", sid, "path", "dir/a.txt", "content", "héllo\n",
        "mkdir_parents", true));
    assertThat(w.get("created").asBoolean()).isTrue();
    assertThat(Files.readString(root.resolve("dir/a.txt"))).isEqualTo("héllo\n");
    JsonNode r = peer.result("fs.read", params("session_id", sid, "path", "dir/a.txt"));
    assertThat(r.get("content").asString()).isEqualTo("héllo\n");
    assertThat(r.get("encoding").asString()).isEqualTo("utf8");
    assertThat(r.get("size").asLong()).isEqualTo("héllo\n".getBytes(StandardCharsets.UTF_8).length);
    JsonNode st = peer.result("fs.stat", params("session_id", sid, "path", "dir/a.txt"));
    assertThat(st.get("exists").asBoolean()).isTrue();
    assertThat(st.get("type").asString()).isEqualTo("file");
    assertThat(peer.result("fs.stat", params("session_id", sid, "path", "missing")).get("exists").asBoolean())
        .isFalse();
    JsonNode list = peer.result("fs.list", params("session_id", sid, "path", "dir"));
    assertThat(list.get("entries").get(0).get("name").asString()).isEqualTo("a.txt");
    JsonNode e = peer.result("fs.edit", params("session_id", sid, "path", "dir/a.txt", "old_string", "héllo",
        "new_string", "bye"));
    assertThat(e.get("replacements").asInt()).isEqualTo(1);
    JsonNode g = peer.result("fs.glob", params("session_id", sid, "pattern", "**/*.txt"));
    assertThat(g.get("matches").get(0).asString()).isEqualTo(root.resolve("dir/a.txt").toString());
    JsonNode p = peer.result("fs.patch", params("session_id", sid, "patch_text",
        "*** Begin Patch\n*** Add File: b.txt\n+new\n*** End Patch\n"));
    assertThat(p.get("added").get(0).asString()).isEqualTo(root.resolve("b.txt").toString());
    assertThat(Files.readString(root.resolve("b.txt"))).isEqualTo("new\n");
  }

  @Test
  void pathsOutsideTheRootsAreForbiddenWithPathAndRoots() throws Exception {
    String sid = peer.openSession();
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(root.resolve("link"), outside);
    for (String path : List.of("../outside/secret", "link/secret", outside.resolve("secret").toString())) {
      JsonNode err = peer.error("fs.read", params("session_id", sid, "path", path));
      assertThat(err.get("code").asInt()).as(path).isEqualTo(-32002);
      assertThat(err.get("data").get("path").asString()).isEqualTo(path);
      assertThat(err.get("data").get("allowed_roots").get(0).asString()).isEqualTo(root.toString());
    }
  }

  @Test
  void theAuditLogHasOneRedactedLinePerCall() throws Exception {
    String sid = peer.openSession();
    peer.result("fs.write", params("session_id", sid, "path", "s.txt", "content", "TOPSECRET"));
    peer.error("fs.read", params("session_id", sid, "path", "missing.txt"));
    List<String> lines = Files.readAllLines(auditLog);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
    String all = String.join("\n", lines);
    assertThat(all).doesNotContain("TOPSECRET");
    JsonNode write = dev.rexd.api.json.RexdJson.mapper().readTree(lines.get(1));
    assertThat(write.get("method").asString()).isEqualTo("fs.write");
    assertThat(write.get("session_id").asString()).isEqualTo(sid);
    assertThat(write.get("client_name").asString()).isEqualTo("test");
    assertThat(write.get("outcome").asString()).isEqualTo("ok");
    assertThat(write.get("params").get("content").get("redacted_length").asInt()).isEqualTo(9);
    assertThat(write.has("duration_ms")).isTrue();
    JsonNode failed = dev.rexd.api.json.RexdJson.mapper().readTree(lines.get(2));
    assertThat(failed.get("outcome").asString()).isEqualTo("-32602");
  }

  /** The bytes of a process's stdout or stderr events, checking seq runs 1, 2, 3, ... */
  protected static byte[] streamBytes(List<JsonNode> events, String method) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    long seq = 0;
    for (JsonNode e : events) {
      if (!e.get("method").asString().equals(method)) {
        continue;
      }
      JsonNode p = e.get("params");
      assertThat(p.get("seq").asLong()).isEqualTo(++seq);
      String data = p.get("data").asString();
      byte[] bytes = p.get("encoding").asString().equals("base64")
          ? java.util.Base64.getDecoder().decode(data) : data.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void execStreamsOrderedOutputAfterItsResponseAndExitsLastOnce() throws Exception {
    requireEvents();
    String sid = peer.openSession();
    JsonNode started = peer.result("exec.start", params("session_id", sid, "shell", true,
        "command", "printf 'h\\303\\251llo '; printf 'w\\303\\266rld'; printf oops >&2; exit 3"));
    String pid = started.get("process_id").asString();
    assertThat(started.get("started_at").asString()).endsWith("Z");
    List<JsonNode> events = peer.eventsUntilExit(pid, "exec.exit");
    assertThat(new String(streamBytes(events, "exec.stdout"), StandardCharsets.UTF_8)).isEqualTo("héllo wörld");
    assertThat(new String(streamBytes(events, "exec.stderr"), StandardCharsets.UTF_8)).isEqualTo("oops");
    JsonNode exit = events.get(events.size() - 1).get("params");
    assertThat(exit.get("exit_code").asInt()).isEqualTo(3);
    assertThat(exit.get("signal").isNull()).isTrue();
    assertThat(exit.get("bytes_stdout").asLong()).isEqualTo("héllo wörld".getBytes(StandardCharsets.UTF_8).length);
    assertThat(exit.get("bytes_stderr").asLong()).isEqualTo(4);
    assertThat(exit.get("timed_out").asBoolean()).isFalse();
    assertThat(exit.get("truncated").asBoolean()).isFalse();

    int responseAt = indexOf(a -> a.has("result") && a.get("result").path("process_id").asString("").equals(pid));
    int firstEventAt = indexOf(a -> a.path("params").path("process_id").asString("").equals(pid));
    assertThat(responseAt).isLessThan(firstEventAt);
    JsonNode wait = peer.result("exec.wait", params("session_id", sid, "process_id", pid));
    assertThat(wait.get("status").asString()).isEqualTo("exited");
    assertThat(wait.get("exit_code").asInt()).isEqualTo(3);
    Thread.sleep(200);
    assertThat(peer.events).noneMatch(e -> e.path("params").path("process_id").asString("").equals(pid));
  }

  private int indexOf(java.util.function.Predicate<JsonNode> p) {
    synchronized (peer.arrivals) {
      for (int i = 0; i < peer.arrivals.size(); i++) {
        if (p.test(peer.arrivals.get(i))) {
          return i;
        }
      }
    }
    throw new AssertionError("no such frame");
  }

  @Test
  void largeBinaryOutputArrivesExactlyAndInOrder() throws Exception {
    requireEvents();
    byte[] blob = new byte[12 << 20];
    new java.util.Random(7).nextBytes(blob);
    Files.write(root.resolve("blob.bin"), blob);
    String sid = peer.openSession();
    String pid = peer.result("exec.start", params("session_id", sid, "argv", List.of("cat", "blob.bin")))
        .get("process_id").asString();
    List<JsonNode> events = peer.eventsUntilExit(pid, "exec.exit");
    assertThat(streamBytes(events, "exec.stdout")).isEqualTo(blob);
    assertThat(events.get(events.size() - 1).get("params").get("bytes_stdout").asLong()).isEqualTo(blob.length);
  }

  @Test
  void aSlowCallNeverDelaysOtherCalls() throws Exception {
    String sid = peer.openSession();
    String pid = peer.result("exec.start", params("session_id", sid, "argv", List.of("sleep", "30")))
        .get("process_id").asString();
    java.util.concurrent.CompletableFuture<JsonNode> wait =
        peer.callAsync("exec.wait", params("session_id", sid, "process_id", pid));
    JsonNode stat = peer.result("fs.stat", params("session_id", sid, "path", "."));
    assertThat(stat.get("type").asString()).isEqualTo("dir");
    assertThat(wait).isNotDone();
    peer.result("exec.kill", params("session_id", sid, "process_id", pid, "signal", "KILL"));
    JsonNode result = wait.get(30, java.util.concurrent.TimeUnit.SECONDS).get("result");
    assertThat(result.get("status").asString()).isEqualTo("killed");
    assertThat(result.get("signal").asString()).isEqualTo("SIGKILL");
    assertThat(result.get("exit_code").asInt()).isEqualTo(137);
  }

  @Test
  void exitIsRetainedForEveryLaterWaiter() throws Exception {
    requireEvents();
    String sid = peer.openSession();
    String pid = peer.result("exec.start", params("session_id", sid, "argv", List.of("true"), "stdin", ""))
        .get("process_id").asString();
    peer.eventsUntilExit(pid, "exec.exit");
    for (int i = 0; i < 3; i++) {
      JsonNode w = peer.result("exec.wait", params("session_id", sid, "process_id", pid, "timeout_ms", 10));
      assertThat(w.get("status").asString()).isEqualTo("exited");
      assertThat(w.get("exit_code").asInt()).isZero();
    }
    JsonNode info = peer.result("session.info", params("session_id", sid));
    assertThat(info.get("processes").get(0).get("process_id").asString()).isEqualTo(pid);
    assertThat(info.get("processes").get(0).get("status").asString()).isEqualTo("exited");
  }

  @Test
  void anotherSessionsProcessIsNotFound() {
    String a = peer.openSession();
    String b = peer.openSession();
    String pid = peer.result("exec.start", params("session_id", a, "argv", List.of("sleep", "5")))
        .get("process_id").asString();
    JsonNode err = peer.error("exec.kill", params("session_id", b, "process_id", pid));
    assertThat(err.get("code").asInt()).isEqualTo(-32005);
    peer.result("exec.kill", params("session_id", a, "process_id", pid, "signal", "KILL"));
  }

  @Test
  void aProgramThatCannotStartIsAnImmediateError() {
    String sid = peer.openSession();
    JsonNode err = peer.error("exec.start", params("session_id", sid, "argv", List.of("no-such-program-xyz")));
    assertThat(err.get("code").asInt()).isEqualTo(-32602);
    assertThat(err.get("data").get("reason").asString()).isEqualTo("not_found");
  }

  @Test
  void aTerminalIsARealTtyWhenOffered() throws Exception {
    requireEvents();
    JsonNode open = peer.result("session.open", params("client_name", "t"));
    List<String> caps = new ArrayList<>();
    open.get("capabilities").forEach(c -> caps.add(c.asString()));
    org.junit.jupiter.api.Assumptions.assumeTrue(caps.contains("pty"), "no PTY support on this host");
    String sid = open.get("session_id").asString();
    JsonNode pty = peer.result("pty.open", params("session_id", sid, "argv",
        List.of("sh", "-c", "tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-three-on-the-tty")));
    List<JsonNode> events = peer.eventsUntilExit(pty.get("process_id").asString(), "pty.exit");
    StringBuilder text = new StringBuilder();
    for (JsonNode e : events) {
      if (e.get("method").asString().equals("pty.output")) {
        text.append(e.get("params").get("data").asString());
      }
    }
    // a pseudo-terminal of the host's, or inside a sandbox the same one as its /dev/console
    assertThat(text.toString()).containsPattern("/dev/(pts/[0-9]+|console)").contains("all-three-on-the-tty");
  }

  @Test
  void sessionCloseEndsProcessesAndTheirExitArrivesFirst() throws Exception {
    requireEvents();
    String sid = peer.openSession();
    String pid = peer.result("exec.start", params("session_id", sid, "argv", List.of("sleep", "60")))
        .get("process_id").asString();
    peer.result("session.close", params("session_id", sid));
    int exitAt = indexOf(a -> a.path("method").asString("").equals("exec.exit")
        && a.get("params").get("process_id").asString().equals(pid));
    int closedAt = indexOf(a -> a.has("result") && a.get("result").has("ok"));
    assertThat(exitAt).isLessThan(closedAt);
    JsonNode exit = peer.nextEvent("exec.exit");
    assertThat(exit.get("signal").asString()).isEqualTo("SIGTERM");
  }

  @Test
  void theAuditLogRecordsHowEachProcessEnded() throws Exception {
    requireEvents();
    String sid = peer.openSession();
    String pid = peer.result("exec.start", params("session_id", sid, "shell", true, "command", "exit 7",
        "env", Map.of("API_KEY", "hunter2"))).get("process_id").asString();
    peer.eventsUntilExit(pid, "exec.exit");
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonNode exit = null;
    while (exit == null && System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(auditLog)) {
        JsonNode n = dev.rexd.api.json.RexdJson.mapper().readTree(line);
        if (n.get("method").asString().equals("exec.exit")) {
          exit = n;
        }
      }
      Thread.sleep(20);
    }
    assertThat(exit).isNotNull();
    assertThat(exit.get("exit_code").asInt()).isEqualTo(7);
    assertThat(exit.get("params").get("process_id").asString()).isEqualTo(pid);
    assertThat(exit.get("session_id").asString()).isEqualTo(sid);
    assertThat(Files.readString(auditLog)).doesNotContain("hunter2");
  }
}
