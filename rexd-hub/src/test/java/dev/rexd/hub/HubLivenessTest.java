package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.transport.http.server.WebSocketSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub and a host that stop hearing each other while TCP stays up (a proxy between them that
 * black-holes every connection): each side notices through its own pings, in bounded time.
 */
@Timeout(120)
class HubLivenessTest {
  @TempDir Path dir;

  @Test
  void aHostWhoseHubWentSilentNoticesThroughItsPingsAndReconnects() throws Exception {
    try (HubFixture f = new HubFixture(dir);   // the hub's own pings: every 30 s, too slow to matter here
         CuttingProxy proxy = new CuttingProxy(f.hub.port())) {
      URI viaProxy = URI.create("ws://127.0.0.1:" + proxy.port() + "/agents");
      f.start(f.connector(f.server("web-1"), "web-1", viaProxy).keepAlive(Duration.ofMillis(200)));
      f.awaitConnected("web-1");
      assertThat(f.client("web-1").openSession("before").exec("echo", "up").run().stdout()).isEqualTo("up\n");

      proxy.blackHole();

      String drop = f.drops.poll(30, TimeUnit.SECONDS);
      assertThat(drop).as("the host noticed the silent hub").isNotNull()
          .startsWith("web-1: ").contains("no message or pong from the server");
      // the new control connection goes through the proxy again, which forwards new connections
      f.awaitConnected("web-1");
      assertThat(f.hub.hosts()).extracting(h -> h.name()).containsExactly("web-1");
    }
  }

  @Test
  void aHubWhoseHostWentSilentDropsIt() throws Exception {
    try (HubFixture f = new HubFixture(dir, b -> b.webSocket(WebSocketSettings.defaults()
            .withPingInterval(Duration.ofMillis(200))));
         CuttingProxy proxy = new CuttingProxy(f.hub.port())) {
      URI viaProxy = URI.create("ws://127.0.0.1:" + proxy.port() + "/agents");
      // the host's own pings are too slow to matter here: only the hub's can notice
      f.start(f.connector(f.server("web-1"), "web-1", viaProxy).keepAlive(Duration.ofHours(1)));
      f.awaitConnected("web-1");

      proxy.blackHole();

      assertThat(f.left.poll(30, TimeUnit.SECONDS)).as("the hub dropped the silent host").isEqualTo("web-1");
      assertThat(f.hub.hosts()).isEmpty();
      assertThat(f.drops).as("the host heard nothing of it").isEmpty();
    }
  }
}
