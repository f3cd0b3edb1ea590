package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import dev.rexd.client.ExecResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.core.RexdServer;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.hub.wire.HostsResult;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

@Timeout(120)
class HubRelayTest {
  @TempDir Path dir;

  @Test
  void hostsRegisterAreListedAndStreamAtTheSameTime() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      RexdServer web1 = f.startHost("web-1");
      RexdServer web2 = f.startHost("web-2");

      try (RawClient raw = RawClient.open(f, HubFixture.CLIENT_TOKEN)) {
        JsonNode result = raw.call(1, "hub.hosts", "{}");
        HostsResult hosts = RexdJson.mapper().treeToValue(result.get("result"), HostsResult.class);
        assertThat(hosts.hosts()).extracting(HostEntry::name).containsExactly("web-1", "web-2");
        assertThat(hosts.hosts()).allSatisfy(h -> {
          assertThat(h.serverVersion()).isEqualTo(RexdServer.VERSION);
          assertThat(h.capabilities()).contains("exec", "fs");
          assertThat(h.connectedSince()).isNotBlank();
        });
      }
      assertThat(f.hub.hosts()).extracting(HostEntry::name).containsExactly("web-1", "web-2");

      RexdClient c1 = f.client("web-1");
      RexdClient c2 = f.client("web-2");
      RexdSession s1 = c1.openSession("agent-1");
      RexdSession s2 = c2.openSession("agent-2");
      assertThat(s1.workspaceRoots()).containsExactly(web1.allowedRoots().get(0).toString());
      assertThat(s2.workspaceRoots()).containsExactly(web2.allowedRoots().get(0).toString());

      String script = "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo \"$HOST_TAG $i\"; done";
      CompletableFuture<ExecResult> r1 = s1.shell(script).env("HOST_TAG", "one").runAsync();
      CompletableFuture<ExecResult> r2 = s2.shell(script).env("HOST_TAG", "two").runAsync();
      assertThat(r1.get(60, TimeUnit.SECONDS).stdout()).isEqualTo(lines("one", 3000));
      assertThat(r2.get(60, TimeUnit.SECONDS).stdout()).isEqualTo(lines("two", 3000));
      assertThat(s1.exec("pwd").run().stdout().strip()).isEqualTo(web1.allowedRoots().get(0).toString());
    }
  }

  @Test
  void aSessionOpenWithoutAHostOrForAnUnknownOneIsAClearError() throws Exception {
    try (HubFixture f = new HubFixture(dir, b -> b.hostWait(java.time.Duration.ofMillis(200)))) {
      try (RawClient raw = RawClient.open(f, HubFixture.CLIENT_TOKEN)) {
        JsonNode noHost = raw.call(1, "session.open", "{\"client_name\":\"x\"}");
        assertThat(noHost.at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(noHost.at("/error/data/reason").asString()).isEqualTo("host_required");
        JsonNode absent = raw.call(2, "session.open", "{\"client_name\":\"x\",\"host\":\"web-2\"}");
        assertThat(absent.at("/error/data/reason").asString()).isEqualTo("host_not_connected");
        JsonNode bad = raw.call(3, "session.open", "{\"client_name\":\"x\",\"host\":\"Bad_Name\"}");
        assertThat(bad.at("/error/data/reason").asString()).isEqualTo("invalid_host_name");
        JsonNode unknownSession = raw.call(4, "session.info", "{\"session_id\":\"sess_nope\"}");
        assertThat(unknownSession.at("/error/data/reason").asString()).isEqualTo("session_not_found");
      }
    }
  }

  @Test
  void aRelayedClientIsNamedAsComingThroughTheHubAndCappedAtTheRoleTheHostGrants() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      Path audit = dir.resolve("audit.log");
      RexdServer capped = f.server("web-1", dev.rexd.core.Limits.defaults(), dev.rexd.core.audit.AuditSink.jsonLines(audit));
      f.start(f.connector(capped, "web-1", null)); // grants the hub the default role, agent
      f.awaitConnected("web-1");
      RexdServer generous = f.server("web-2");
      f.start(f.connector(generous, "web-2", null).role(dev.rexd.core.auth.Role.OPERATOR));
      f.awaitConnected("web-2");

      try (RawClient olga = RawClient.open(f, HubFixture.OPERATOR_TOKEN)) {
        olga.call(1, "session.open", "{\"client_name\":\"ops\",\"host\":\"web-1\"}");
        JsonNode refused = olga.call(2, "server.sessions", "{}");
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(refused.at("/error/data/reason").asString()).isEqualTo("forbidden_role");
      }
      try (RawClient olga = RawClient.open(f, HubFixture.OPERATOR_TOKEN)) {
        olga.call(1, "session.open", "{\"client_name\":\"ops\",\"host\":\"web-2\"}");
        JsonNode sessions = olga.call(2, "server.sessions", "{}");
        assertThat(sessions.at("/result/sessions/0/principal").asString()).isEqualTo("hub:olga");
      }
      String log = java.nio.file.Files.readString(audit);
      assertThat(log).contains("\"principal\":\"hub:olga\"").contains("session.open");
    }
  }

  static String lines(String tag, int n) {
    return IntStream.rangeClosed(1, n).mapToObj(i -> tag + " " + i + "\n").collect(Collectors.joining());
  }

  /** A bare WebSocket client of the hub's /ws that sees every frame. */
  static final class RawClient implements AutoCloseable {
    final Transport socket;
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();

    private RawClient(Transport socket) {
      this.socket = socket;
    }

    static RawClient open(HubFixture f, String token) {
      RawClient c = new RawClient(WebSocketTransport.builder(f.hub.wsUri()).token(token).connect());
      c.socket.start(new Transport.Listener() {
        @Override
        public void onFrame(String json) {
          c.frames.add(RexdJson.mapper().readTree(json));
        }

        @Override
        public void onClosed(@Nullable Throwable cause) {}
      });
      return c;
    }

    /** Sends a request and returns its response (events before it are skipped). */
    JsonNode call(int id, String method, String params) throws Exception {
      socket.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}")
          .get(10, TimeUnit.SECONDS);
      for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < end; ) {
        JsonNode f = frames.poll(1, TimeUnit.SECONDS);
        if (f != null && f.has("id") && f.get("id").asInt() == id) {
          return f;
        }
      }
      throw new AssertionError("no answer to " + method);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  static List<String> names(List<HostEntry> hosts) {
    return hosts.stream().map(HostEntry::name).toList();
  }
}
