package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.BOT;
import static dev.rexd.console.ConsoleFixture.BOT2;
import static dev.rexd.console.ConsoleFixture.OLGA;
import static dev.rexd.console.ConsoleFixture.VERA;
import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.audit.AuditSink;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Roles, operator actions, server.sessions, server.watch and session.watch over the wire. */
class WatchProtocolTest {
  @TempDir Path tmp;

  @Test
  void rolesDecideWhoSeesAndWhoActs() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      JsonNode cat = bot.result("exec.start", params("session_id", sid, "argv", List.of("cat")));
      String pid = cat.get("process_id").asString();

      assertThat(f.as(BOT).error("server.sessions", Map.of()).path("data").path("reason").asString())
          .isEqualTo("forbidden_role");
      assertThat(f.as(BOT2).error("exec.kill", params("session_id", sid, "process_id", pid))
          .path("data").path("reason").asString()).isEqualTo("session_not_found");
      WirePeer vera = f.as(VERA);
      JsonNode listed = vera.result("server.sessions", Map.of()).get("sessions").get(0);
      assertThat(listed.get("principal").asString()).isEqualTo("bot");
      assertThat(listed.get("processes").get(0).get("argv").get(0).asString()).isEqualTo("cat");
      JsonNode refused = vera.error("exec.input", params("session_id", sid, "process_id", pid, "data", "x"));
      assertThat(refused.get("code").asInt()).isEqualTo(-32001);
      assertThat(refused.path("data").path("reason").asString()).isEqualTo("forbidden_role");
      assertThat(vera.error("session.open", params("client_name", "v")).path("data").path("reason").asString())
          .isEqualTo("forbidden_role");

      WirePeer olga = f.as(OLGA);
      olga.result("exec.input", params("session_id", sid, "process_id", pid, "data", "typed by olga\n", "eof", true));
      assertThat(olga.error("exec.start", params("session_id", sid, "argv", List.of("true")))
          .path("data").path("reason").asString()).isEqualTo("forbidden_role");
      JsonNode exit = bot.nextEvent("exec.exit");
      assertThat(exit.get("exit_code").asInt()).isZero();
      assertThat(bot.result("exec.output", params("session_id", sid, "process_id", pid)).get("chunks").get(0)
          .get("data").asString()).isEqualTo("typed by olga\n");
      olga.result("session.close", params("session_id", sid));
      assertThat(bot.error("session.info", params("session_id", sid)).path("data").path("reason").asString())
          .isEqualTo("session_not_found");
    }
  }

  @Test
  void everyAuditLineNamesThePrincipal() throws Exception {
    Path audit = tmp.resolve("audit.log");
    try (ConsoleFixture f = new ConsoleFixture(RexdServer.builder().allowedRoot(tmp).audit(AuditSink.jsonLines(audit)))) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      bot.result("exec.start", params("session_id", sid, "argv", List.of("true")));
      bot.nextEvent("exec.exit");
      f.as(VERA).error("approval.list", Map.of());
    }
    List<String> lines = Files.readAllLines(audit);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(4);
    List<String> principals = lines.stream().map(l -> RexdJson.mapper().readTree(l).get("principal").asString())
        .toList();
    assertThat(principals).doesNotContainNull().contains("bot", "vera");
  }

  @Test
  void serverWatchHearsSessionsOpenAndClose() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer vera = f.as(VERA);
      vera.result("server.watch", Map.of());
      WirePeer bot = f.as(BOT);
      String sid = bot.result("session.open", params("client_name", "<img src=x onerror=alert(1)>"))
          .get("session_id").asString();
      JsonNode opened = vera.nextEvent("session.opened");
      assertThat(opened.get("session_id").asString()).isEqualTo(sid);
      assertThat(opened.get("client_name").asString()).isEqualTo("<img src=x onerror=alert(1)>");
      assertThat(opened.get("principal").asString()).isEqualTo("bot");
      bot.result("session.close", params("session_id", sid));
      JsonNode closed = vera.nextEvent("session.closed");
      assertThat(closed.get("by").asString()).isEqualTo("bot");
    }
  }

  @Test
  void aWatcherSeesLifecycleAndOutputInOrder() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      WirePeer vera = f.as(VERA);
      vera.result("session.watch", params("session_id", sid, "replay", true));
      String pid = bot.result("exec.start", params("session_id", sid, "shell", true,
          "command", "for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2"))
          .get("process_id").asString();
      List<JsonNode> seen = vera.eventsUntilExit(pid, "exec.exit");
      List<JsonNode> owner = bot.eventsUntilExit(pid, "exec.exit");
      assertThat(seen.get(0).get("method").asString()).isEqualTo("exec.started");
      JsonNode started = seen.get(0).get("params");
      assertThat(started.get("command").asString()).startsWith("for i in");
      assertThat(started.get("principal").asString()).isEqualTo("bot");
      assertThat(started.get("cwd").asString()).isEqualTo(tmp.toRealPath().toString());
      // the same events as the owner's, each stream in the same order (the two streams are read
      // by two threads, so how they interleave may differ), exec.exit last
      for (String stream : List.of("exec.stdout", "exec.stderr")) {
        assertThat(only(seen, stream)).isEqualTo(only(owner, stream));
      }
      assertThat(seen.get(seen.size() - 1)).isEqualTo(owner.get(owner.size() - 1));
      assertThat(seen).hasSize(owner.size() + 1);
      assertThat(text(seen, "exec.stdout")).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
      assertThat(text(seen, "exec.stderr")).isEqualTo("oops\n");

      vera.result("session.unwatch", params("session_id", sid));
      bot.result("session.close", params("session_id", sid));
    }
  }

  @Test
  void anOwnerWatchingItsOwnSessionGetsExecStartedFirstAndNothingTwice() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      bot.result("session.watch", params("session_id", sid));
      for (int i = 0; i < 20; i++) {
        String pid = bot.result("exec.start", params("session_id", sid, "argv", List.of("echo", "run " + i)))
            .get("process_id").asString();
        List<JsonNode> events = bot.eventsUntilExit(pid, "exec.exit");
        assertThat(events).extracting(e -> e.get("method").asString())
            .containsExactly("exec.started", "exec.stdout", "exec.exit");
        assertThat(text(events, "exec.stdout")).isEqualTo("run " + i + "\n");
        List<JsonNode> frames = List.copyOf(bot.arrivals);
        int started = indexOf(frames, e -> e.path("method").asString("").equals("exec.started")
            && e.get("params").get("process_id").asString().equals(pid));
        int response = indexOf(frames, e -> e.path("result").path("process_id").asString("").equals(pid));
        assertThat(started).as("exec.started before the exec.start response").isLessThan(response);
      }
    }
  }

  @Test
  void aLateWatcherGetsTheRetainedOutputFirstWithItsSeqThenTheLiveRest() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      String pid = bot.result("exec.start", params("session_id", sid, "shell", true,
          "command", "echo first; echo err-first >&2; read x; echo second $x")).get("process_id").asString();
      awaitBoth(bot);
      WirePeer vera = f.as(VERA);
      vera.result("session.watch", params("session_id", sid, "replay", true));
      bot.result("exec.input", params("session_id", sid, "process_id", pid, "data", "go\n", "eof", true));
      List<JsonNode> seen = vera.eventsUntilExit(pid, "exec.exit");
      List<JsonNode> out = only(seen, "exec.stdout");
      assertThat(out).extracting(e -> e.get("params").get("seq").asLong()).containsExactly(1L, 2L);
      assertThat(text(seen, "exec.stdout")).isEqualTo("first\nsecond go\n");
      assertThat(only(seen, "exec.stderr")).extracting(e -> e.get("params").get("data").asString())
          .containsExactly("err-first\n");
      assertThat(seen.get(0).get("method").asString()).isIn("exec.stdout", "exec.stderr");
    }
  }

  @Test
  void aSlowWatcherIsUnsubscribedWhileTheAgentGetsEveryByte() throws Exception {
    long total = 24L << 20;
    RexdServer.Builder b = RexdServer.builder().allowedRoot(tmp).watchQueueBytes(256 << 10)
        .limits(Limits.defaults().withMaxOutputBytes(64L << 20));
    try (ConsoleFixture f = new ConsoleFixture(b)) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      StalledReader watcher = StalledReader.watching(f, "session.watch", "{\"session_id\":\"" + sid + "\"}");

      String pid = bot.result("exec.start", params("session_id", sid, "shell", true,
          "command", "yes abcdefghijklmnopqrstuvwxyz | head -c " + total)).get("process_id").asString();
      List<JsonNode> events = bot.eventsUntilExit(pid, "exec.exit");
      JsonNode exit = events.get(events.size() - 1).get("params");
      assertThat(exit.get("bytes_stdout").asLong()).isEqualTo(total);
      assertThat(exit.get("truncated").asBoolean()).isFalse();
      assertThat(contiguousBytes(events)).isEqualTo(total);

      long lastSeq = 0;
      for (JsonNode n : watcher.resumeUntilDropped("session.unwatched")) {
        if (n.path("method").asString("").equals("exec.stdout")) {
          long seq = n.get("params").get("seq").asLong();
          assertThat(seq).as("no gap before the notice").isEqualTo(lastSeq + 1);
          lastSeq = seq;
        }
      }
      assertThat(lastSeq).isLessThan(events.size() - 1);
    }
  }

  @Test
  void aSlowServerWatcherIsToldItWasDroppedAfterEverythingBeforeAndMayWatchAgain() throws Exception {
    int sessions = 200;   // 400 events: more than the connection's 256 queued frames plus a 4 KiB watch queue
    try (ConsoleFixture f = new ConsoleFixture(RexdServer.builder().allowedRoot(tmp).watchQueueBytes(4096))) {
      StalledReader watcher = StalledReader.watching(f, "server.watch", "{}");

      WirePeer bot = f.as(BOT);
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {   // the agent is never held up by the stalled watcher
        String sid = bot.openSession();
        bot.result("session.close", params("session_id", sid));
        sent.add("session.opened " + sid);
        sent.add("session.closed " + sid);
      }
      List<String> heard = new ArrayList<>();
      for (JsonNode n : watcher.resumeUntilDropped("server.unwatched")) {
        heard.add(n.path("method").asString("") + " " + n.get("params").get("session_id").asString());
      }
      assertThat(heard).as("no gap before the notice").isEqualTo(sent.subList(0, heard.size()));
      assertThat(heard.size()).isLessThan(sent.size());

      watcher.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"server.watch\",\"params\":{}}");
      assertThat(watcher.frames.poll(30, TimeUnit.SECONDS)).contains("\"id\":2").contains("\"result\"");
      String later = bot.openSession();
      JsonNode again = RexdJson.mapper().readTree(watcher.frames.poll(30, TimeUnit.SECONDS));
      assertThat(again.get("method").asString()).isEqualTo("session.opened");
      assertThat(again.get("params").get("session_id").asString()).isEqualTo(later);
    }
  }

  private static long contiguousBytes(List<JsonNode> events) {
    long bytes = 0;
    long seq = 0;
    for (JsonNode e : events) {
      if (e.get("method").asString().equals("exec.stdout")) {
        assertThat(e.get("params").get("seq").asLong()).isEqualTo(++seq);
        bytes += e.get("params").get("data").asString().length();
      }
    }
    return bytes;
  }

  /** Until the agent got the first stdout and the first stderr chunk, in whichever order. */
  private static void awaitBoth(WirePeer bot) throws InterruptedException {
    boolean out = false;
    boolean err = false;
    while (!out || !err) {
      JsonNode e = bot.events.poll(30, TimeUnit.SECONDS);
      assertThat(e).as("output events").isNotNull();
      String m = e.get("method").asString();
      out |= m.equals("exec.stdout");
      err |= m.equals("exec.stderr");
    }
  }

  private static int indexOf(List<JsonNode> frames, Predicate<JsonNode> which) {
    for (int i = 0; i < frames.size(); i++) {
      if (which.test(frames.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such frame among " + frames.size());
  }

  private static List<JsonNode> only(List<JsonNode> events, String method) {
    return events.stream().filter(e -> e.get("method").asString().equals(method)).toList();
  }

  private static String text(List<JsonNode> events, String method) {
    StringBuilder sb = new StringBuilder();
    events.stream().filter(e -> e.get("method").asString().equals(method))
        .forEach(e -> sb.append(e.get("params").get("data").asString()));
    return sb.toString();
  }

  /** Takes the first frame, then blocks (a stalled peer) until resumed. */
  /** A watcher (vera) that reads the answer to its watch call and then stops reading until resumed. */
  private static final class StalledReader implements Transport.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CountDownLatch resume = new CountDownLatch(1);
    private final List<String> first = new ArrayList<>();
    private final Transport transport;

    private StalledReader(Transport transport) {
      this.transport = transport;
    }

    /** Connects as vera, calls {@code method} with {@code params} (JSON), waits for the answer. */
    static StalledReader watching(ConsoleFixture f, String method, String params) throws InterruptedException {
      InMemoryTransport[] pair = InMemoryTransport.pair(4);
      f.server.connectReattachable(pair[0], VERA);
      StalledReader reader = new StalledReader(pair[1]);
      pair[1].start(reader);
      reader.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
      assertThat(reader.frames.poll(30, TimeUnit.SECONDS)).contains("\"result\"");
      return reader;
    }

    void send(String frame) {
      transport.send(frame).join();
    }

    /**
     * Reads again: every frame up to the notice {@code farewell} (reason {@code slow}), which
     * must come; returns the frames before it.
     */
    List<JsonNode> resumeUntilDropped(String farewell) throws InterruptedException {
      resume.countDown();
      List<JsonNode> before = new ArrayList<>();
      while (true) {
        String frame = frames.poll(30, TimeUnit.SECONDS);
        assertThat(frame).as("the watcher hears why its stream ends").isNotNull();
        JsonNode n = RexdJson.mapper().readTree(frame);
        if (n.path("method").asString("").equals(farewell)) {
          assertThat(n.get("params").get("reason").asString()).isEqualTo("slow");
          return before;
        }
        before.add(n);
      }
    }

    @Override
    public void onFrame(String json) {
      frames.add(json);
      if (first.isEmpty()) {
        first.add(json);
        try {
          resume.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {}

  }
}
