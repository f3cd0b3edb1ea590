package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.ErrorCode;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import dev.rexd.client.RexdTransportException;
import dev.rexd.client.RexdUnauthorizedException;
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
  void aRefusedUpgradeIsTheSameUnauthorizedErrorAsARefusedPost() {
    assertThatThrownBy(() -> loaded().open(http.wsUri(), "wrong", Map.of(), Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(RexdUnauthorizedException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          assertThat(e.rawCode()).isEqualTo(-32001);
          assertThat(e.method()).isEqualTo("connect");
          assertThat(e.data()).containsEntry("http_status", 401);
        })
        .hasMessageContaining("401");
  }

  @Test
  void anUnreachableServerIsATransportExceptionOnBothTransports() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    java.net.URI ws = java.net.URI.create("ws://127.0.0.1:" + port + "/ws");
    java.net.URI rpc = java.net.URI.create("http://127.0.0.1:" + port + "/rpc");
    assertThatThrownBy(() -> loaded().open(ws, TOKEN, Map.of(), Duration.ofSeconds(5)))
        .isInstanceOf(RexdTransportException.class);
    String json = "{\"version\": 1, \"targets\": {\"down\": {\"transport\": \"http\", \"url\": \"" + rpc + "\"}}}";
    try (RexdClient c = RexdTargets.parse(json).connect("down")) {
      assertThatThrownBy(() -> c.openSession("x")).isInstanceOf(RexdTransportException.class);
      assertThat(c.isOpen()).as("one failed call leaves the client usable").isTrue();
    }
  }

  @Test
  void aWrongTokenIsRexdUnauthorizedExceptionOnEveryTransport() {
    String json = "{\"version\": 1, \"targets\": {"
        + "\"ws\": {\"transport\": \"ws\", \"url\": \"" + http.wsUri() + "\", \"token\": \"wrong\"},"
        + "\"http\": {\"transport\": \"http\", \"url\": \"" + http.rpcUri() + "\", \"token\": \"wrong\"}}}";
    RexdTargets targets = RexdTargets.parse(json);
    for (String alias : List.of("ws", "http")) {
      assertThatThrownBy(() -> {
        try (RexdClient c = targets.connect(alias); RexdSession s = c.openSession("intruder")) {
          s.info();
        }
      }).as(alias).isInstanceOfSatisfying(RexdUnauthorizedException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
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
