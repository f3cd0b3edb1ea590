package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.console.ApprovalDecideParams;
import dev.rexd.api.console.ApprovalRequest;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.NoParams;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.recording.RecordingInfo;
import dev.rexd.api.recording.RecordingListParams;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdRemoteException;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * What the README tells a newcomer to do: {@code bin/rexd --http ... --config
   * examples/console.toml} from the checkout prints the console's URL, which serves the page; the
   * demo tokens documented for it carry their roles; {@code SupervisedAgent} works against it and
   * waits until the operator approves its rm.
   */
  @Test
  void theReadmesConsoleDemoRunsAsDocumented() throws Exception {
    Path binRexd = QuickStart.binRexd();
    Process rexd = new ProcessBuilder(binRexd.toString(), "--http", "127.0.0.1:0", "--config", "examples/console.toml")
        .directory(binRexd.getParent().getParent().toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      URI console = consoleUrl(rexd);
      HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>rexd console</title>");
      URI ws = URI.create("ws://" + console.getAuthority() + "/ws");

      try (RexdClient viewer = connect(ws, "demo-viewer-token");
           RexdClient operator = connect(ws, "demo-operator-token")) {
        CompletableFuture<Integer> agent = CompletableFuture.supplyAsync(() -> {
          try {
            return SupervisedAgent.run(ws, SupervisedAgent.DEMO_AGENT_TOKEN, Duration.ZERO);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        ApprovalRequest held = firstPending(operator, agent);
        assertThat(held.principal()).isEqualTo("supervised-agent");
        assertThat(held.commandLine()).endsWith("rm -rf build");
        assertThat(viewer.call(ConsoleMethods.SERVER_SESSIONS, NoParams.INSTANCE).sessions())
            .anySatisfy(s -> assertThat(s.clientName()).isEqualTo("supervised-agent"));
        assertThatThrownBy(() -> viewer.call(ConsoleMethods.APPROVAL_DECIDE,
                new ApprovalDecideParams(held.approvalId(), "approve", null)))
            .isInstanceOf(RexdRemoteException.class).hasMessageContaining("operator");
        operator.call(ConsoleMethods.APPROVAL_DECIDE, new ApprovalDecideParams(held.approvalId(), "approve", null));
        assertThat(agent.get()).isZero();

        RecordingInfo recording = operator.call(RexdMethods.RECORDING_LIST, new RecordingListParams(held.sessionId()))
            .recordings().stream().filter(r -> r.kind().equals("session")).findFirst().orElseThrow();
        HttpResponse<String> cast = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                console.resolve("/recordings/" + recording.recordingId() + ".cast"))
            .header("Authorization", "Bearer demo-operator-token").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cast.statusCode()).isEqualTo(200);
        assertThat(cast.body()).contains("compiling module 5")
            .contains("\"m\", \"approved by operator (" + held.approvalId());
      }
    } finally {
      rexd.destroy();
      assertThat(rexd.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The console URL {@code rexd --http} prints on stderr once it serves (read until then). */
  private static URI consoleUrl(Process rexd) throws Exception {
    BufferedReader err = new BufferedReader(new InputStreamReader(rexd.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    Pattern console = Pattern.compile("operator console: (http://\\S+/console/)");
    for (String line; (line = err.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = console.matcher(line);
      if (m.find()) {
        Thread drain = new Thread(() -> {
          try {
            err.transferTo(Writer.nullWriter());
          } catch (IOException e) {
            // the server ended
          }
        }, "rexd-stderr");
        drain.setDaemon(true);
        drain.start();
        return URI.create(m.group(1));
      }
    }
    throw new AssertionError("rexd --http printed no console URL:\n" + seen);
  }

  private static RexdClient connect(URI ws, String token) throws IOException {
    return RexdClient.builder().transport(WebSocketTransport.builder(ws).token(token).connect()).build();
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
