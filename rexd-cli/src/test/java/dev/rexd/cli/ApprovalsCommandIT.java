package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code rexd approvals} against a real {@code rexd --http} with approval rules: an agent's held
 * {@code exec.start} is listed, approved (the start answers) and denied (the agent gets
 * {@code -32009} with the reason), from a terminal, by an operator's token.
 */
class ApprovalsCommandIT {
  @TempDir Path tmp;

  @Test
  void anOperatorListsApprovesAndDeniesAnAgentsHeldCommands() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    // the operator's entry as the docs make it: the token on stdin, the entry on stdout, no token in either output
    ClientCli.Result hashed = cli.run("olga-token", "token", "hash", "--name", "olga", "--role", "operator");
    assertThat(hashed.code()).as(hashed.err()).isZero();
    assertThat(hashed.out()).contains("token_sha256 = \"" + TokenTable.sha256Hex("olga-token") + "\"")
        .doesNotContain("olga-token");
    assertThat(hashed.err()).doesNotContain("olga-token");
    Path config = Files.writeString(cli.dir.resolve("approvals.toml"), """
        [[security.allowed_roots]]
        path = "%s"
        [[auth.tokens]]
        name = "bot"
        token_sha256 = "%s"
        role = "agent"
        [approval]
        mode = "rules"
        require = ["echo ship-it*"]
        %s
        """.formatted(cli.root, TokenTable.sha256Hex("bot-token"), hashed.out()));
    HttpServerProcess rexd = HttpServerProcess.start(cli.dir, "--config", config.toString());
    try (WirePeer bot = new WirePeer(WebSocketTransport.builder(rexd.uri("ws", "/ws")).token("bot-token").connect());
         WirePeer watcher = new WirePeer(WebSocketTransport.builder(rexd.uri("ws", "/ws")).token("olga-token").connect())) {
      cli.addTarget("ops", "{\"transport\": \"http\", \"url\": \"" + rexd.uri("http", "/rpc")
          + "\", \"token\": \"olga-token\"}");
      watcher.result("server.watch", Map.of());
      String sid = bot.openSession();

      CompletableFuture<JsonNode> approved = bot.callAsync("exec.start",
          Map.of("session_id", sid, "argv", List.of("echo", "ship-it", "v1")));
      String first = watcher.nextEvent("approval.requested").get("approval_id").asString();
      ClientCli.Result listed = cli.run("", "approvals", "list", "--target", "ops");
      assertThat(listed.code()).as(listed.err()).isZero();
      assertThat(listed.out()).startsWith("ID").contains(first).contains("bot").contains("echo ship-it v1");
      assertThat(approved).isNotDone();

      ClientCli.Result approve = cli.run("", "approvals", "approve", "--target", "ops", first, "--reason", "go");
      assertThat(approve.code()).as(approve.err()).isZero();
      assertThat(approve.out()).isEqualTo("approved " + first + "\n");
      JsonNode started = approved.get(30, TimeUnit.SECONDS);
      assertThat(started.has("result")).as("the held start answers: %s", started).isTrue();

      CompletableFuture<JsonNode> denied = bot.callAsync("exec.start",
          Map.of("session_id", sid, "argv", List.of("echo", "ship-it", "v2")));
      String second = watcher.nextEvent("approval.requested").get("approval_id").asString();
      ClientCli.Result deny = cli.run("", "approvals", "deny", "--target", "ops", second, "--reason", "freeze");
      assertThat(deny.code()).as(deny.err()).isZero();
      assertThat(deny.out()).isEqualTo("denied " + second + "\n");
      JsonNode error = denied.get(30, TimeUnit.SECONDS).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(-32009);
      assertThat(error.get("data").get("by").asString()).isEqualTo("olga");
      assertThat(error.get("data").get("decision_reason").asString()).isEqualTo("freeze");

      ClientCli.Result again = cli.run("", "approvals", "approve", "--target", "ops", second);
      assertThat(again.code()).isNotZero();
      assertThat(again.err()).contains(second).contains("already decided");
      assertThat(cli.run("", "approvals", "list", "--target", "ops").out()).isEqualTo("no pending approvals\n");
    } finally {
      rexd.stop();
    }
  }
}
