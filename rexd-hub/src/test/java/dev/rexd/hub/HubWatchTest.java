package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdSession;
import dev.rexd.core.auth.Role;
import dev.rexd.hub.host.HostConnector;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What a console needs from a hub: {@code hub.watch} (hosts connecting and leaving, live) and
 * calls for a host that name no session ({@code server.sessions {host}}), over a raw socket.
 */
@Timeout(120)
class HubWatchTest {
  @TempDir Path dir;

  /** A raw client socket: every frame it receives, in order. */
  private static final class Raw implements Transport.Listener {
    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    final Transport socket;
    private int nextId = 1;

    Raw(Transport socket) {
      this.socket = socket;
      socket.start(this);
    }

    @Override
    public void onFrame(String json) {
      frames.add(RexdJson.mapper().readTree(json));
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {}

    /** Sends a call and returns its answer; events that arrive meanwhile go to {@code events}. */
    JsonNode call(String method, String params, BlockingQueue<JsonNode> events) throws InterruptedException {
      int id = nextId++;
      socket.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
      for (int i = 0; i < 1000; i++) {
        JsonNode f = frames.poll(30, TimeUnit.SECONDS);
        assertThat(f).as("an answer to " + method).isNotNull();
        if (f.has("id") && f.get("id").asInt() == id) {
          return f;
        }
        events.add(f);
      }
      throw new AssertionError("no answer to " + method);
    }

    /** The next event with this method, skipping none of another kind silently (they are kept). */
    JsonNode next(String method, BlockingQueue<JsonNode> events) throws InterruptedException {
      for (int i = 0; i < 1000; i++) {
        JsonNode f = events.isEmpty() ? frames.poll(30, TimeUnit.SECONDS) : events.poll();
        assertThat(f).as("a " + method + " event").isNotNull();
        if (method.equals(f.path("method").asString())) {
          return f.path("params");
        }
      }
      throw new AssertionError("no " + method);
    }
  }

  @Test
  void aWatchingClientSeesHostsComeAndGoAndListsAHostsSessionsByNamingIt() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      f.start(f.connector(f.server("web-1"), "web-1", null).role(Role.OPERATOR).labels(java.util.Map.of("env", "ci")));
      f.awaitConnected("web-1");
      RexdSession session = f.client("web-1").openSession("builder");

      Raw console = new Raw(WebSocketTransport.builder(f.hub.wsUri()).token(HubFixture.OPERATOR_TOKEN).connect());
      f.closeLater(console.socket);
      BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
      assertThat(console.call("hub.watch", "{}", events).path("result").path("ok").asBoolean()).isTrue();
      JsonNode hosts = console.call("hub.hosts", "{}", events).path("result").path("hosts");
      assertThat(hosts).hasSize(1);
      assertThat(hosts.get(0).path("labels").path("env").asString()).isEqualTo("ci");

      JsonNode sessions = console.call("server.sessions", "{\"host\":\"web-1\"}", events).path("result").path("sessions");
      assertThat(sessions).hasSize(1);
      assertThat(sessions.get(0).path("session_id").asString()).isEqualTo(session.id());
      assertThat(sessions.get(0).path("principal").asString()).isEqualTo("hub:alice");

      HostConnector web2 = f.start(f.connector(f.server("web-2"), "web-2", null));
      JsonNode came = console.next("hub.host_connected", events);
      assertThat(came.path("name").asString()).isEqualTo("web-2");
      assertThat(came.path("connected_since").asString()).isNotEmpty();
      // web-2 grants a relayed client no more than agent: its sessions are not the console's to list
      JsonNode refused = console.call("server.sessions", "{\"host\":\"web-2\"}", events);
      assertThat(refused.path("error").path("data").path("reason").asString()).isEqualTo("forbidden_role");

      web2.close();
      assertThat(console.next("hub.host_left", events).path("name").asString()).isEqualTo("web-2");

      assertThat(console.call("hub.unwatch", "{}", events).path("result").path("ok").asBoolean()).isTrue();
      assertThat(console.call("hub.nothing", "{}", events).path("error").path("code").asInt()).isEqualTo(-32601);
    }
  }
}
