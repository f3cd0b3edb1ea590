package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code /ws} upgrade: token by header or subprotocol, origins, and what is not an upgrade. */
class WebSocketUpgradeTest {
  private static final String TOKEN = "ws-token-42";

  @TempDir Path root;
  private RexdServer server;
  private RexdHttpServer http;
  private URI ws;

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(root).build();
    http = TestServers.http(server).token(TOKEN).allowedOrigins(List.of("https://ide.example.com")).start();
    ws = http.wsUri();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private static void assertServes(JdkSocket s) throws Exception {
    try (s) {
      assertThat(s.call("session.open", Map.of("client_name", "t")).get("result").get("session_id").asString())
          .isNotBlank();
    }
  }

  @Test
  void aMissingOrWrongTokenIs401() {
    assertThat(JdkSocket.refusedStatus(ws, Map.of(), List.of())).isEqualTo(401);
    assertThat(JdkSocket.refusedStatus(ws, Map.of("Authorization", "Bearer nope"), List.of())).isEqualTo(401);
    assertThat(JdkSocket.refusedStatus(ws, Map.of(), List.of("rexd.bearer.nope"))).isEqualTo(401);
    assertThat(JdkSocket.refusedStatus(ws, Map.of(), List.of("rexd.bearer." + TOKEN.toUpperCase()))).isEqualTo(401);
  }

  @Test
  void theTokenInTheAuthorizationHeaderOpensTheSocket() throws Exception {
    assertServes(JdkSocket.open(ws, Map.of("Authorization", "Bearer " + TOKEN), List.of()));
  }

  @Test
  void theTokenAsSubprotocolOpensTheSocketAndIsEchoed() throws Exception {
    JdkSocket s = JdkSocket.open(ws, Map.of(), List.of("other", "rexd.bearer." + TOKEN));
    assertThat(s.subprotocol()).isEqualTo("rexd.bearer." + TOKEN);
    assertServes(s);
  }

  @Test
  void aForeignOriginIs403EvenWithTheToken() {
    Map<String, String> h = Map.of("Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example");
    assertThat(JdkSocket.refusedStatus(ws, h, List.of())).isEqualTo(403);
    assertThat(JdkSocket.refusedStatus(ws, Map.of("Origin", "null"), List.of("rexd.bearer." + TOKEN))).isEqualTo(403);
  }

  @Test
  void theServersOwnOriginAndAllowedOnesAreAccepted() throws Exception {
    String own = "http://127.0.0.1:" + http.port();
    assertServes(JdkSocket.open(ws, Map.of("Origin", own), List.of("rexd.bearer." + TOKEN)));
    assertServes(JdkSocket.open(ws, Map.of("Origin", "https://ide.example.com"), List.of("rexd.bearer." + TOKEN)));
  }

  @Test
  void aPlainGetIs426AndOtherMethods405() throws Exception {
    HttpResponse<String> get = JdkSocket.HTTP.send(HttpRequest.newBuilder(URI.create(
        http.rpcUri().toString().replace("/rpc", "/ws"))).header("Authorization", "Bearer " + TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(426);
    HttpResponse<String> post = JdkSocket.HTTP.send(HttpRequest.newBuilder(URI.create(
        http.rpcUri().toString().replace("/rpc", "/ws"))).header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aHandMadeUpgradeWithoutTokenGets401BeforeAnyUpgrade() throws Exception {
    String head = RawHttp.head(http.port(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + http.port()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: rexd.bearer.wrong\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(RawHttp.status(head)).isEqualTo(401);
    assertThat(head).doesNotContainIgnoringCase("Sec-WebSocket-Accept");
  }

  @Test
  void aHandMadeUpgradeWithTheTokenIs101WithSubprotocolAndExtensionsNegotiated() throws Exception {
    String head = RawHttp.head(http.port(), "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + http.port()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: chat, rexd.bearer." + TOKEN + "\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate, x-unknown\r\n\r\n");
    assertThat(RawHttp.status(head)).isEqualTo(101);
    assertThat(head).containsIgnoringCase("Sec-WebSocket-Protocol: rexd.bearer." + TOKEN + "\r\n");
    assertThat(head).containsIgnoringCase("Sec-WebSocket-Extensions: permessage-deflate");
    assertThat(head).doesNotContain("x-unknown");
  }
}
