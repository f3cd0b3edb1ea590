package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.BOT;
import static dev.rexd.console.ConsoleFixture.BOT2;
import static dev.rexd.console.ConsoleFixture.OLGA;
import static dev.rexd.console.ConsoleFixture.VERA;
import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.testing.WirePeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Terminals under watch: a late watcher gets the screen so far, then who opens, resizes and types
 * (never what); an operator acts on the agent's terminal; unwatching stops one watcher only.
 */
class TerminalWatchProtocolTest {
  @TempDir Path tmp;

  @Test
  void aLateWatcherSeesTheScreenSoFarThenWhoResizesTypesAndOpens() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      String ptyId = bot.result("pty.open", params("session_id", sid, "argv", List.of("cat"), "cols", 80, "rows", 24))
          .get("pty_id").asString();
      bot.result("pty.input", params("session_id", sid, "pty_id", ptyId, "data", "before-watch\r"));
      awaitScreen(bot, "before-watch");

      WirePeer vera = f.as(VERA);
      vera.result("session.watch", params("session_id", sid, "replay", true));
      JsonNode first = vera.nextEvent("pty.output");
      assertThat(first.get("pty_id").asString()).isEqualTo(ptyId);
      assertThat(first.get("seq").asLong()).as("replayed with its original seq").isEqualTo(1);
      String screen = decode(first);
      while (!screen.contains("before-watch")) {
        screen += decode(vera.nextEvent("pty.output"));
      }

      WirePeer olga = f.as(OLGA);
      olga.result("pty.resize", params("session_id", sid, "pty_id", ptyId, "cols", 100, "rows", 30));
      JsonNode resized = vera.nextEvent("pty.resized");
      assertThat(resized.get("pty_id").asString()).isEqualTo(ptyId);
      assertThat(resized.get("cols").asInt()).isEqualTo(100);
      assertThat(resized.get("rows").asInt()).isEqualTo(30);
      assertThat(resized.get("by").asString()).isEqualTo("olga");
      JsonNode summary = bot.result("session.info", params("session_id", sid)).get("ptys").get(0);
      assertThat(summary.get("cols").asInt()).isEqualTo(100);

      olga.result("pty.input", params("session_id", sid, "pty_id", ptyId, "data", "typed-by-olga\r"));
      JsonNode typist = vera.nextEvent("pty.input_by");
      assertThat(typist.get("by").asString()).isEqualTo("olga");
      assertThat(typist.has("data")).as("who typed, never what").isFalse();
      awaitScreen(bot, "typed-by-olga");
      bot.result("pty.input", params("session_id", sid, "pty_id", ptyId, "data", "back-to-bot\r"));
      assertThat(vera.nextEvent("pty.input_by").get("by").asString()).isEqualTo("bot");

      String second = bot.result("pty.open", params("session_id", sid, "argv", List.of("cat"), "cols", 90, "rows", 20))
          .get("pty_id").asString();
      JsonNode opened = vera.nextEvent("pty.opened");
      assertThat(opened.get("pty_id").asString()).isEqualTo(second);
      assertThat(opened.get("argv").get(0).asString()).isEqualTo("cat");
      assertThat(opened.get("cols").asInt()).isEqualTo(90);
      assertThat(opened.get("rows").asInt()).isEqualTo(20);
      assertThat(opened.get("process_id").asString()).isNotEmpty();

      olga.result("pty.close", params("session_id", sid, "pty_id", ptyId));
      assertThat(bot.nextEvent("pty.exit").get("pty_id").asString()).isEqualTo(ptyId);
      assertThat(f.as(VERA).error("pty.resize", params("session_id", sid, "pty_id", second, "cols", 10, "rows", 10))
          .path("data").path("reason").asString()).isEqualTo("forbidden_role");
    }
  }

  @Test
  void unwatchingStopsOneWatcherWhileTheOthersKeepTheirs() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      // viewers, operators and the owner may watch; another agent learns nothing of the session
      WirePeer owner = f.as(BOT);
      List<WirePeer> watchers = List.of(f.as(VERA), f.as(OLGA), f.as(VERA), owner);
      for (WirePeer w : watchers) {
        w.result("session.watch", params("session_id", sid));
      }
      assertThat(f.as(BOT2).error("session.watch", params("session_id", sid)).path("data").path("reason").asString())
          .isEqualTo("session_not_found");
      String one = run(bot, sid, "echo one");
      for (WirePeer w : watchers) {
        assertThat(stdout(w.eventsUntilExit(one, "exec.exit"))).isEqualTo("one\n");
      }

      WirePeer leaving = watchers.get(0);
      leaving.result("session.unwatch", params("session_id", sid));
      String two = run(bot, sid, "echo two");
      for (WirePeer w : watchers.subList(1, 4)) {
        assertThat(stdout(w.eventsUntilExit(two, "exec.exit"))).isEqualTo("two\n");
      }
      leaving.result("session.watch", params("session_id", sid));
      String three = run(bot, sid, "echo three");
      JsonNode next = leaving.events.poll(30, TimeUnit.SECONDS);
      assertThat(next).as("an event once watching again").isNotNull();
      assertThat(next.get("method").asString()).isEqualTo("exec.started");
      assertThat(next.get("params").get("process_id").asString()).as("nothing of the unwatched command")
          .isEqualTo(three);
    }
  }

  @Test
  void serverUnwatchStopsTheLiveList() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, ApprovalPolicy.off())) {
      WirePeer vera = f.as(VERA);
      WirePeer bot = f.as(BOT);
      vera.result("server.watch", Map.of());
      String a = bot.openSession();
      assertThat(vera.nextEvent("session.opened").get("session_id").asString()).isEqualTo(a);
      vera.result("server.unwatch", Map.of());
      String b = bot.openSession();
      bot.result("session.close", params("session_id", b));
      vera.result("server.watch", Map.of());
      String c = bot.openSession();
      JsonNode next = vera.events.poll(30, TimeUnit.SECONDS);
      assertThat(next).as("an event once watching again").isNotNull();
      assertThat(next.get("method").asString()).isEqualTo("session.opened");
      assertThat(next.get("params").get("session_id").asString()).as("nothing of the unwatched session")
          .isEqualTo(c);
    }
  }

  /** Starts {@code command} in a shell, waits for its end, returns its process id. */
  private static String run(WirePeer bot, String sid, String command) {
    String pid = bot.result("exec.start", params("session_id", sid, "shell", true, "command", command))
        .get("process_id").asString();
    bot.result("exec.wait", params("session_id", sid, "process_id", pid));
    return pid;
  }

  private static String stdout(List<JsonNode> events) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode e : events) {
      if (e.get("method").asString().equals("exec.stdout")) {
        sb.append(e.get("params").get("data").asString());
      }
    }
    return sb.toString();
  }

  /** The terminal text {@code peer} receives up to the first {@code pty.output} that completes {@code marker}. */
  private static String awaitScreen(WirePeer peer, String marker) throws InterruptedException {
    List<String> parts = new ArrayList<>();
    while (!String.join("", parts).contains(marker)) {
      parts.add(decode(peer.nextEvent("pty.output")));
    }
    return String.join("", parts);
  }

  private static String decode(JsonNode output) {
    String data = output.get("data").asString();
    return "base64".equals(output.path("encoding").asString())
        ? new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8) : data;
  }
}
