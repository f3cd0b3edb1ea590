package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Sessions outlive sockets (protocol section 9): a new socket that names a session gets its events. */
class ReattachTest {
  private static final String TOKEN = "reattach-token";

  @TempDir Path root;
  private RexdServer server;
  private RexdHttpServer http;

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(root).build();
    http = TestServers.http(server).token(TOKEN).start();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private WirePeer connect() throws Exception {
    return new WirePeer(WebSocketTransport.builder(http.wsUri()).token(TOKEN).connect());
  }

  @Test
  void aNewSocketThatNamesTheSessionReceivesItsLaterEventsAndCanReplay() throws Exception {
    String sid;
    String pid;
    try (WirePeer a = connect()) {
      sid = a.openSession();
      pid = a.result("exec.start", Map.of("session_id", sid, "argv", List.of("sh", "-c", "sleep 1; echo done")))
          .get("process_id").asString();
    }
    try (WirePeer b = connect()) {
      JsonNode info = b.result("session.info", Map.of("session_id", sid));
      assertThat(info.get("processes").get(0).get("process_id").asString()).isEqualTo(pid);
      JsonNode out = b.nextEvent("exec.stdout");
      assertThat(out.get("process_id").asString()).isEqualTo(pid);
      assertThat(out.get("data").asString()).isEqualTo("done\n");
      assertThat(b.nextEvent("exec.exit").get("exit_code").asInt()).isZero();
      JsonNode replay = b.result("exec.output", Map.of("session_id", sid, "process_id", pid));
      assertThat(replay.get("chunks").get(0).get("data").asString()).isEqualTo("done\n");
    }
  }

  @Test
  void anAbortedSocketLeavesTheSessionAndItsProcessesRunning() throws Exception {
    JdkSocket a = JdkSocket.open(http.wsUri(), Map.of("Authorization", "Bearer " + TOKEN), List.of());
    String sid = a.call("session.open", Map.of("client_name", "a")).get("result").get("session_id").asString();
    a.call("exec.start", Map.of("session_id", sid, "argv", List.of("sleep", "30")));
    a.close(); // abort: no close frame
    try (WirePeer b = connect()) {
      Thread.sleep(300);
      JsonNode info = b.result("session.info", Map.of("session_id", sid));
      assertThat(info.get("running_processes").asInt()).isEqualTo(1);
      assertThat(b.result("session.close", Map.of("session_id", sid)).get("ok").asBoolean()).isTrue();
      assertThat(b.error("session.info", Map.of("session_id", sid)).get("data").get("reason").asString())
          .isEqualTo("session_not_found");
    }
  }
}
