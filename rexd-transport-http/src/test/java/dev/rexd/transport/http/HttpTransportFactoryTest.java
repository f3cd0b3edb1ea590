package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.client.RexdTransportException;
import dev.rexd.client.spi.RemoteTransportFactory;
import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.HttpTransportFactory;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rexd-client finds this module's transports through its ServiceLoader SPI. */
class HttpTransportFactoryTest {
  private static final String TOKEN = "spi-token";

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

  private static HttpTransportFactory loaded() {
    List<RemoteTransportFactory> all = ServiceLoader.load(RemoteTransportFactory.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    return all.stream().filter(HttpTransportFactory.class::isInstance).map(HttpTransportFactory.class::cast)
        .findFirst().orElseThrow(() -> new AssertionError("not registered: " + all));
  }

  @Test
  void theFactoryIsRegisteredForHttpAndWebSocketUrls() {
    HttpTransportFactory f = loaded();
    assertThat(List.of("http", "https", "ws", "wss")).allMatch(f::supports);
    assertThat(f.supports("ssh")).isFalse();
  }

  @Test
  void itOpensWorkingTransportsWithTokenAndHeaders() {
    HttpTransportFactory f = loaded();
    Map<String, String> headers = Map.of("X-Request-Source", "test");
    try (WirePeer ws = new WirePeer(f.open(http.wsUri(), TOKEN, headers, Duration.ofSeconds(10)))) {
      assertThat(ws.openSession()).isNotBlank();
    }
    try (WirePeer post = new WirePeer(f.open(http.rpcUri(), TOKEN, headers, Duration.ofSeconds(10)))) {
      assertThat(post.openSession()).isNotBlank();
    }
  }

  @Test
  void aRefusedUpgradeIsATransportExceptionNamingTheStatus() {
    assertThatThrownBy(() -> loaded().open(http.wsUri(), "wrong", Map.of(), Duration.ofSeconds(10)))
        .isInstanceOf(RexdTransportException.class)
        .hasMessageContaining("401");
  }

  @Test
  void aRefusedPostIsTheServersErrorForTheCall() {
    try (WirePeer post = new WirePeer(loaded().open(http.rpcUri(), "wrong", Map.of(), Duration.ofSeconds(10)))) {
      var error = post.error("session.open", Map.of("client_name", "x"));
      assertThat(error.get("code").asInt()).isEqualTo(-32001);
      assertThat(error.get("data").get("http_status").asInt()).isEqualTo(401);
    }
  }
}
