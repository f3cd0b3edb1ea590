package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding rules and the lifecycle of the embedded server. */
class RexdHttpServerTest {
  /** Jetty's pool and scheduler, and the WebSocket keep-alive and io threads. */
  private static final java.util.regex.Pattern SERVER_THREADS =
      java.util.regex.Pattern.compile("rexd-http-(\\d+|scheduler.*)|rexd-ws-(keepalive|io)-.*");
  @TempDir Path root;
  private RexdServer server;

  @BeforeEach
  void build() {
    server = RexdServer.builder().allowedRoot(root).build();
  }

  @AfterEach
  void close() {
    server.close();
  }

  private static int health(URI uri) throws Exception {
    return JdkSocket.HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void aPublicBindWithoutATokenIsRefusedUnlessInsecure() throws Exception {
    assertThatThrownBy(() -> RexdHttpServer.builder(server).listen("0.0.0.0", 0).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("without an auth token");
    try (RexdHttpServer insecure = RexdHttpServer.builder(server).listen("0.0.0.0", 0).insecure(true).start()) {
      assertThat(health(URI.create("http://127.0.0.1:" + insecure.port() + "/healthz"))).isEqualTo(200);
    }
    try (RexdHttpServer withToken = RexdHttpServer.builder(server).listen("0.0.0.0", 0).token("t").start()) {
      assertThat(health(URI.create("http://127.0.0.1:" + withToken.port() + "/healthz"))).isEqualTo(200);
    }
  }

  @Test
  void loopbackNamesNeedNoToken() {
    assertThat(RexdHttpServer.requiresToken("127.0.0.1")).isFalse();
    assertThat(RexdHttpServer.requiresToken("localhost")).isFalse();
    assertThat(RexdHttpServer.requiresToken("::1")).isFalse();
    assertThat(RexdHttpServer.requiresToken("0.0.0.0")).isTrue();
    assertThat(RexdHttpServer.requiresToken("::")).isTrue();
    assertThat(RexdHttpServer.requiresToken("")).isTrue();
  }

  @Test
  void customPathsAreServedAndMustDiffer() throws Exception {
    try (RexdHttpServer http = TestServers.http(server).rpcPath("/api/rpc").wsPath("/api/ws").start()) {
      assertThat(http.rpcUri().getPath()).isEqualTo("/api/rpc");
      assertServes(http);
    }
    assertThatThrownBy(() -> TestServers.http(server).rpcPath("/x").wsPath("/x").start())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestServers.http(server).rpcPath("rpc")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertServes(RexdHttpServer http) throws Exception {
    try (JdkSocket s = JdkSocket.open(http.wsUri(), Map.of(), java.util.List.of())) {
      assertThat(s.call("session.open", Map.of("client_name", "t")).has("result")).isTrue();
    }
    HttpResponse<String> r = JdkSocket.HTTP.send(HttpRequest.newBuilder(http.rpcUri())
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).contains("-32601");
  }

  @Test
  void aTakenPortIsAnIOException() throws Exception {
    try (RexdHttpServer first = TestServers.http(server).start()) {
      assertThatThrownBy(() -> RexdHttpServer.builder(server).listen("127.0.0.1", first.port()).start())
          .isInstanceOf(IOException.class)
          .hasMessageContaining(String.valueOf(first.port()));
    }
  }

  @Test
  void closeIsIdempotentTellsWebSocketsAndLeavesNoThreadBehind() throws Exception {
    RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", 0).start(); // graceful stop
    try (JdkSocket s = JdkSocket.open(http.wsUri(), Map.of(), java.util.List.of())) {
      s.call("session.open", Map.of("client_name", "t"));
      assertThat(httpThreads()).isPositive();
      http.close();
      http.close();
      assertThat(s.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1001);
    }
    assertThatThrownBy(() -> health(http.healthUri())).isInstanceOf(ConnectException.class);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && httpThreads() > 0) {
      Thread.sleep(20);
    }
    assertThat(httpThreads()).isZero();
  }

  private static long httpThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && SERVER_THREADS.matcher(t.getName()).matches())
        .count();
  }
}
