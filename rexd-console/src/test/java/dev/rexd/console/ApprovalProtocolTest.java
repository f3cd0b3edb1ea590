package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.BOT;
import static dev.rexd.console.ConsoleFixture.OLGA;
import static dev.rexd.console.ConsoleFixture.OTTO;
import static dev.rexd.console.ConsoleFixture.VERA;
import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.testing.WirePeer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Held starts: approve, deny, timeout, many at once, the agent's other calls, no self-approval. */
class ApprovalProtocolTest {
  private static final ApprovalPolicy RULES = ApprovalPolicy.rules(List.of("rm *", "echo approve-me*"),
      Duration.ofMinutes(1));

  @TempDir Path tmp;

  @Test
  void anApprovedStartAnswersAndADeniedOneIsNotApproved() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, RULES)) {
      WirePeer otto = watchingServer(f, OTTO);
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();

      CompletableFuture<JsonNode> held = bot.callAsync("exec.start",
          params("session_id", sid, "argv", List.of("echo", "approve-me", "please")));
      JsonNode requested = otto.nextEvent("approval.requested");
      assertThat(requested.get("command_line").asString()).endsWith("/echo approve-me please");
      assertThat(requested.get("principal").asString()).isEqualTo("bot");
      assertThat(requested.get("cwd").asString()).isEqualTo(tmp.toRealPath().toString());
      assertThat(held).isNotDone();
      // the agent's other calls flow while one is held
      bot.result("fs.write", params("session_id", sid, "path", "a.txt", "content", "still working"));
      bot.result("exec.start", params("session_id", sid, "argv", List.of("true")));

      String id = requested.get("approval_id").asString();
      otto.result("approval.decide", params("approval_id", id, "decision", "approve"));
      JsonNode started = held.get();
      assertThat(started.get("result").get("process_id").asString()).isNotEmpty();
      JsonNode decided = otto.nextEvent("approval.decided");
      assertThat(decided.get("decision").asString()).isEqualTo("approve");
      assertThat(decided.get("by").asString()).isEqualTo("otto");
      JsonNode again = otto.error("approval.decide", params("approval_id", id, "decision", "deny"));
      assertThat(again.get("code").asInt()).isEqualTo(-32602);
      assertThat(again.get("data").get("reason").asString()).isEqualTo("already_decided");

      CompletableFuture<JsonNode> denied = bot.callAsync("exec.start",
          params("session_id", sid, "argv", List.of("rm", "-rf", "a.txt")));
      String id2 = otto.nextEvent("approval.requested").get("approval_id").asString();
      otto.result("approval.decide", params("approval_id", id2, "decision", "deny", "reason", "keep it"));
      JsonNode error = denied.get().get("error");
      assertThat(error.get("code").asInt()).isEqualTo(-32009);
      assertThat(error.get("data").get("reason").asString()).isEqualTo("denied");
      assertThat(error.get("data").get("by").asString()).isEqualTo("otto");
      assertThat(error.get("data").get("decision_reason").asString()).isEqualTo("keep it");
      assertThat(error.get("message").asString()).contains("keep it");
      assertThat(tmp.resolve("a.txt")).exists();

      assertThat(otto.error("approval.decide", params("approval_id", "apr_nope", "decision", "approve"))
          .get("data").get("reason").asString()).isEqualTo("unknown_approval");
      assertThat(otto.error("approval.decide", params("approval_id", id2, "decision", "maybe"))
          .get("code").asInt()).isEqualTo(-32602);
    }
  }

  @Test
  void aHeldTerminalOpensOnceApprovedAndADeniedOneNever() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, RULES)) {
      WirePeer otto = watchingServer(f, OTTO);
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      WirePeer vera = f.as(VERA);   // a watcher of the session hears its approvals too
      vera.result("session.watch", params("session_id", sid));

      CompletableFuture<JsonNode> held = bot.callAsync("pty.open",
          params("session_id", sid, "argv", List.of("echo", "approve-me", "tty"), "cols", 80, "rows", 24));
      JsonNode requested = otto.nextEvent("approval.requested");
      assertThat(requested.get("method").asString()).isEqualTo("pty.open");
      assertThat(requested.get("command_line").asString()).endsWith("/echo approve-me tty");
      assertThat(requested.get("argv").get(0).asString()).isEqualTo("echo");
      assertThat(Instant.parse(requested.get("expires_at").asString()))
          .isAfter(Instant.parse(requested.get("requested_at").asString()));
      assertThat(vera.nextEvent("approval.requested").get("approval_id")).isEqualTo(requested.get("approval_id"));
      assertThat(held).isNotDone();
      assertThat(bot.result("session.info", params("session_id", sid)).get("ptys")).isEmpty();
      otto.result("approval.decide", params("approval_id", requested.get("approval_id").asString(),
          "decision", "approve"));
      String ptyId = held.get().get("result").get("pty_id").asString();
      assertThat(bot.nextEvent("pty.exit").get("pty_id").asString()).isEqualTo(ptyId);

      CompletableFuture<JsonNode> denied = bot.callAsync("pty.open",
          params("session_id", sid, "shell", true, "command", "rm -rf .", "cols", 80, "rows", 24));
      JsonNode second = otto.nextEvent("approval.requested");
      assertThat(second.get("command").asString()).isEqualTo("rm -rf .");
      otto.result("approval.decide", params("approval_id", second.get("approval_id").asString(),
          "decision", "deny", "reason", "no terminal for that"));
      JsonNode error = denied.get().get("error");
      assertThat(error.get("code").asInt()).isEqualTo(-32009);
      assertThat(error.get("data").get("reason").asString()).isEqualTo("denied");
      assertThat(bot.result("session.info", params("session_id", sid)).get("ptys")).hasSize(1);
      JsonNode decided = vera.nextEvent("approval.decided");
      assertThat(decided.get("approval_id").asString()).isEqualTo(requested.get("approval_id").asString());
      assertThat(decided.get("decision").asString()).isEqualTo("approve");
      decided = vera.nextEvent("approval.decided");
      assertThat(decided.get("approval_id").asString()).isEqualTo(second.get("approval_id").asString());
      assertThat(decided.get("decision").asString()).isEqualTo("deny");
      assertThat(decided.get("by").asString()).isEqualTo("otto");
      assertThat(decided.get("reason").asString()).isEqualTo("no terminal for that");
    }
  }

  @Test
  void noOneDecidesTheirOwnRequestAndViewersDecideNothing() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(tmp, RULES)) {
      WirePeer otto = watchingServer(f, OTTO);
      WirePeer olga = f.as(OLGA);
      String sid = olga.openSession();
      CompletableFuture<JsonNode> held = olga.callAsync("exec.start",
          params("session_id", sid, "shell", true, "command", "rm -f nothing-here"));
      List<JsonNode> pending = pending(otto, 1);
      String id = pending.get(0).get("approval_id").asString();
      JsonNode own = olga.error("approval.decide", params("approval_id", id, "decision", "approve"));
      assertThat(own.get("code").asInt()).isEqualTo(-32001);
      assertThat(own.get("data").get("reason").asString()).isEqualTo("own_request");
      assertThat(f.as(VERA).error("approval.decide", params("approval_id", id, "decision", "approve"))
          .get("data").get("reason").asString()).isEqualTo("forbidden_role");
      otto.result("approval.decide", params("approval_id", id, "decision", "approve"));
      assertThat(held.get().has("result")).isTrue();
    }
  }

  @Test
  void manyPendingAreListedAndAnUndecidedOneTimesOut() throws Exception {
    try (ConsoleFixture f = new ConsoleFixture(RexdServer.builder().allowedRoot(tmp)
        .limits(Limits.defaults().withMaxProcessesPerSession(32))
        .approvals(ApprovalPolicy.all(Duration.ofMillis(1500))))) {
      WirePeer otto = watchingServer(f, OTTO);
      WirePeer bot = f.as(BOT);
      String sid = bot.openSession();
      List<CompletableFuture<JsonNode>> held = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        held.add(bot.callAsync("exec.start", params("session_id", sid, "argv", List.of("echo", "n" + i))));
      }
      List<JsonNode> pending = pending(otto, 12);
      assertThat(otto.result("approval.list", Map.of()).get("pending")).hasSize(12);
      assertThat(pending).extracting(p -> p.get("command_line").asString()).allMatch(l -> l.contains("echo n"));
      for (JsonNode p : pending.subList(0, 11)) {
        otto.result("approval.decide", params("approval_id", p.get("approval_id").asString(), "decision", "approve"));
      }
      int answered = 0;
      int timedOut = 0;
      for (CompletableFuture<JsonNode> h : held) {
        JsonNode r = h.get();
        if (r.has("result")) {
          answered++;
        } else {
          assertThat(r.get("error").get("code").asInt()).isEqualTo(-32009);
          assertThat(r.get("error").get("data").get("reason").asString()).isEqualTo("approval_timeout");
          timedOut++;
        }
      }
      assertThat(answered).isEqualTo(11);
      assertThat(timedOut).isEqualTo(1);
      assertThat(otto.result("approval.list", Map.of()).get("pending")).isEmpty();
    }
  }

  /** A connection of {@code p} that called {@code server.watch}: it hears every approval. */
  private static WirePeer watchingServer(ConsoleFixture f, Principal p) {
    WirePeer peer = f.as(p);
    peer.result("server.watch", Map.of());
    return peer;
  }

  /** The next {@code n} approval.requested events a server watcher hears. */
  private static List<JsonNode> pending(WirePeer watcher, int n) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(watcher.nextEvent("approval.requested"));
    }
    return out;
  }
}
