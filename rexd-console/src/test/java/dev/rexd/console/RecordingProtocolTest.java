package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.BOT;
import static dev.rexd.console.ConsoleFixture.BOT2;
import static dev.rexd.console.ConsoleFixture.OLGA;
import static dev.rexd.console.ConsoleFixture.VERA;
import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.testing.WirePeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Recordings over the protocol with principals: who may list and read which recording, and the
 * markers approvals and an operator's typing leave in them.
 */
class RecordingProtocolTest {
  @TempDir Path root;
  @TempDir Path recordings;

  private ConsoleFixture fixture(ApprovalPolicy approvals) {
    return new ConsoleFixture(RexdServer.builder().allowedRoot(root).approvals(approvals)
        .recording(RecordingConfig.in(recordings)));
  }

  @Test
  void anAgentSeesOnlyItsOwnRecordingsAndViewersAndOperatorsSeeEvery() throws Exception {
    try (ConsoleFixture f = fixture(ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      WirePeer bot2 = f.as(BOT2);
      String mine = bot.openSession();
      String theirs = bot2.openSession();
      run(bot, mine, "echo mine");
      run(bot2, theirs, "echo theirs");
      String myRecording = only(bot.result("recording.list", Map.of()));
      String theirRecording = only(bot2.result("recording.list", Map.of()));
      assertThat(myRecording).isNotEqualTo(theirRecording);

      assertThat(bot.result("recording.list", params("session_id", theirs)).get("recordings")).isEmpty();
      assertThat(content(bot, myRecording)).contains("echo mine");
      JsonNode refused = bot.error("recording.get", params("recording_id", theirRecording));
      assertThat(refused.get("code").asInt()).isEqualTo(-32602);
      assertThat(refused.get("data").get("reason").asString()).isEqualTo("not_found");
      assertThat(refused.toString()).doesNotContain(theirs);

      for (WirePeer reader : List.of(f.as(VERA), f.as(OLGA))) {
        assertThat(ids(reader.result("recording.list", Map.of()))).containsExactlyInAnyOrder(myRecording, theirRecording);
        assertThat(content(reader, theirRecording)).contains("echo theirs");
        assertThat(ids(reader.result("recording.list", params("session_id", mine)))).containsExactly(myRecording);
      }
    }
  }

  @Test
  void approvalsAskedApprovedAndDeniedAreMarkedInTheSessionRecording() throws Exception {
    try (ConsoleFixture f = fixture(ApprovalPolicy.rules(List.of("echo risky*"), Duration.ofMinutes(1)))) {
      WirePeer olga = f.as(OLGA);
      olga.result("server.watch", Map.of());
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();

      CompletableFuture<JsonNode> approved = bot.callAsync("exec.start",
          params("session_id", sid, "argv", List.of("echo", "risky", "one")));
      String first = olga.nextEvent("approval.requested").get("approval_id").asString();
      olga.result("approval.decide", params("approval_id", first, "decision", "approve", "reason", "looks fine"));
      String pid = approved.get().get("result").get("process_id").asString();
      bot.result("exec.wait", params("session_id", sid, "process_id", pid));

      CompletableFuture<JsonNode> denied = bot.callAsync("exec.start",
          params("session_id", sid, "argv", List.of("echo", "risky", "two")));
      String second = olga.nextEvent("approval.requested").get("approval_id").asString();
      olga.result("approval.decide", params("approval_id", second, "decision", "deny"));
      assertThat(denied.get().get("error").get("code").asInt()).isEqualTo(-32009);
      bot.result("session.close", params("session_id", sid));

      List<String> markers = markers(content(olga, only(olga.result("recording.list", params("session_id", sid)))));
      assertThat(markers).hasSize(4);
      assertThat(markers.get(0)).startsWith("approval asked (" + first + "): ").endsWith("/echo risky one");
      assertThat(markers.get(1)).startsWith("approved by olga (" + first + ", looks fine): ").endsWith("/echo risky one");
      assertThat(markers.get(2)).startsWith("approval asked (" + second + "): ").endsWith("/echo risky two");
      assertThat(markers.get(3)).startsWith("denied by olga (" + second + "): ").endsWith("/echo risky two");
    }
  }

  @Test
  void anOperatorTypingIntoTheAgentsTerminalIsMarkedButTheAgentTypingIsNot() throws Exception {
    try (ConsoleFixture f = fixture(ApprovalPolicy.off())) {
      WirePeer bot = f.as(BOT);
      WirePeer olga = f.as(OLGA);
      String sid = bot.openSession();
      JsonNode pty = bot.result("pty.open", params("session_id", sid, "shell", true,
          "command", "read a; read b; echo \"$a+$b\"", "cols", 80, "rows", 24));
      String ptyId = pty.get("pty_id").asString();
      bot.result("pty.input", params("session_id", sid, "pty_id", ptyId, "data", "from-bot\r"));
      olga.result("pty.input", params("session_id", sid, "pty_id", ptyId, "data", "from-olga\r"));
      bot.result("exec.wait", params("session_id", sid, "process_id", pty.get("process_id").asString()));
      bot.result("session.close", params("session_id", sid));

      String sessionRecording = null;
      String terminalRecording = null;
      for (JsonNode r : olga.result("recording.list", params("session_id", sid)).get("recordings")) {
        if (r.get("kind").asString().equals("pty")) {
          terminalRecording = r.get("recording_id").asString();
        } else {
          sessionRecording = r.get("recording_id").asString();
        }
      }
      assertThat(sessionRecording).as("session recording").isNotNull();
      assertThat(terminalRecording).as("terminal recording").isNotNull();
      assertThat(markers(content(olga, sessionRecording))).containsExactly("olga types into " + ptyId);
      String terminal = content(olga, terminalRecording);
      assertThat(markers(terminal)).containsExactly("olga types");
      assertThat(terminal).contains("from-bot+from-olga");
    }
  }

  private static void run(WirePeer peer, String sid, String command) {
    String pid = peer.result("exec.start", params("session_id", sid, "shell", true, "command", command))
        .get("process_id").asString();
    peer.result("exec.wait", params("session_id", sid, "process_id", pid));
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.get("recordings").forEach(r -> out.add(r.get("recording_id").asString()));
    return out;
  }

  private static String only(JsonNode list) {
    assertThat(list.get("recordings")).hasSize(1);
    return list.get("recordings").get(0).get("recording_id").asString();
  }

  private static String content(WirePeer peer, String recordingId) {
    JsonNode r = peer.result("recording.get", params("recording_id", recordingId));
    assertThat(r.get("eof").asBoolean()).isTrue();
    assertThat(r.get("encoding").asString()).isEqualTo("utf8");
    return r.get("content").asString();
  }

  /** The labels of the marker events of an asciicast, in order. */
  private static List<String> markers(String cast) {
    List<String> out = new ArrayList<>();
    for (String line : cast.split("\n")) {
      JsonNode e = line.startsWith("[") ? RexdJson.mapper().readTree(line) : null;
      if (e != null && e.get(1).asString().equals("m")) {
        out.add(e.get(2).asString());
      }
    }
    return out;
  }
}
