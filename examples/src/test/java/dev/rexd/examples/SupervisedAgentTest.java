package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.console.ApprovalDecideParams;
import dev.rexd.api.console.ApprovalRequest;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.NoParams;
import dev.rexd.client.RexdClient;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SupervisedAgent against a server whose rules hold its rm until an operator approves it. */
class SupervisedAgentTest {
  @TempDir Path dir;

  @Test
  void theAgentWorksAndItsRmWaitsForAnOperator() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(dir)
            .approvals(ApprovalPolicy.rules(List.of("rm *"), Duration.ofMinutes(1))).build();
         RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", 0)
            .authenticator(TokenTable.builder().add("supervised-agent",
                TokenTable.sha256Hex(SupervisedAgent.DEMO_AGENT_TOKEN), Role.AGENT).build())
            .start();
         RexdClient operator = RexdClient.inProcess(t -> server.connectReattachable(t, new Principal("olga", Role.OPERATOR)))) {
      CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> {
        try {
          return SupervisedAgent.run(http.wsUri(), SupervisedAgent.DEMO_AGENT_TOKEN, Duration.ZERO);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      ApprovalRequest held = firstPending(operator, agent);
      assertThat(held.commandLine()).endsWith("rm -rf build");
      assertThat(held.principal()).isEqualTo("supervised-agent");
      assertThat(dir.resolve("build/log.txt")).exists();
      operator.call(ConsoleMethods.APPROVAL_DECIDE, new ApprovalDecideParams(held.approvalId(), "approve", null));
      assertThat(agent.get()).isZero();
      assertThat(Files.exists(dir.resolve("build"))).isFalse();
    }
  }

  /** The first pending approval, asked for until the agent reaches it (bounded by the agent's run). */
  private static ApprovalRequest firstPending(RexdClient operator, CompletableFuture<Integer> agent) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !agent.isDone()) {
      List<ApprovalRequest> pending = operator.call(ConsoleMethods.APPROVAL_LIST, NoParams.INSTANCE).pending();
      if (!pending.isEmpty()) {
        return pending.get(0);
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the agent never asked for approval" + (agent.isDone() ? " (it ended)" : ""));
  }
}
