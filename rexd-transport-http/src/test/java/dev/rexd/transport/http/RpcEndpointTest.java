package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.core.audit.AuditRecord;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /rpc} and {@code GET /healthz}: every status code, token and origin rule. */
class RpcEndpointTest {
  private static final String TOKEN = "s3cret-token";
  private static final String OPEN = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"t\"}}";

  @TempDir Path root;
  private RexdServer server;
  private RexdHttpServer http;
  /** Every call the server ran, as its audit records. */
  private final List<AuditRecord> audited = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(root).limits(Limits.defaults().withMaxMessageBytes(4096))
        .audit(audited::add).build();
    http = TestServers.http(server).token(TOKEN)
        .allowedOrigins(List.of("https://ide.example.com")).start();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private HttpResponse<String> post(String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(http.rpcUri()).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return JdkSocket.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) {
    return RexdJson.mapper().readTree(r.body());
  }

  @Test
  void aRightTokenGetsTheJsonRpcResponse() throws Exception {
    HttpResponse<String> r = post(OPEN, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    assertThat(json(r).get("result").get("session_id").asString()).isNotBlank();
  }

  @Test
  void aMissingOrWrongTokenIs401WithUnauthorized() throws Exception {
    for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong"},
        new String[] {"Authorization", "Bearer " + TOKEN + "x"}, new String[] {"Authorization", "Basic " + TOKEN})) {
      HttpResponse<String> r = post(OPEN, headers);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
      assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
      JsonNode body = json(r);
      assertThat(body.get("error").get("code").asInt()).isEqualTo(-32001);
      assertThat(body.get("id").isNull()).isTrue();
    }
    assertThat(audited).as("no call ran").isEmpty();
  }

  @Test
  void otherMethodsAre405() throws Exception {
    for (String method : List.of("GET", "PUT", "DELETE")) {
      HttpResponse<String> r = JdkSocket.HTTP.send(HttpRequest.newBuilder(http.rpcUri())
          .header("Authorization", "Bearer " + TOKEN)
          .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : OPEN)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("POST");
    }
  }

  @Test
  void aBodyPastMaxMessageBytesIs413() throws Exception {
    String big = OPEN.replace("\"t\"", "\"" + "x".repeat(5000) + "\"");
    HttpResponse<String> r = post(big, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("error").get("code").asInt()).isEqualTo(-32600);
    assertThat(json(r).get("error").get("data").get("reason").asString()).isEqualTo("message_too_large");
    assertThat(post(OPEN, "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyIs413AsSoonAsItCrossesTheLimit() throws Exception {
    // 5000 bytes in one chunk and no last chunk: only a server that stops reading at the limit answers
    String head = RawHttp.head(http.port(), "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:" + http.port()
        + "\r\nAuthorization: Bearer " + TOKEN + "\r\nTransfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(5000) + "\r\n" + "x".repeat(5000) + "\r\n");
    assertThat(RawHttp.status(head)).isEqualTo(413);
    assertThat(head).containsIgnoringCase("Connection: close");
  }

  @Test
  void aDeclaredLengthPastTheLimitIs413BeforeTheBodyIsRead() throws Exception {
    String head = RawHttp.head(http.port(), "POST /rpc HTTP/1.1\r\nHost: 127.0.0.1:" + http.port()
        + "\r\nAuthorization: Bearer " + TOKEN + "\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(100));
    assertThat(RawHttp.status(head)).isEqualTo(413);
  }

  @Test
  void twoAuthorizationHeadersAre400WhicheverComesFirst() throws Exception {
    for (String pair : List.of("Bearer " + TOKEN + "\r\nAuthorization: Bearer wrong",
        "Bearer wrong\r\nAuthorization: Bearer " + TOKEN, "Bearer " + TOKEN + "\r\nAuthorization: Bearer " + TOKEN)) {
      for (String target : List.of("POST /rpc", "GET /ws")) {
        String head = RawHttp.head(http.port(), target + " HTTP/1.1\r\nHost: 127.0.0.1:" + http.port()
            + "\r\nAuthorization: " + pair + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Content-Length: " + OPEN.length() + "\r\n\r\n" + OPEN);
        assertThat(RawHttp.status(head)).as(target + " with " + pair).isEqualTo(400);
      }
    }
    assertThat(audited).as("no call ran").isEmpty();
  }

  @Test
  void aNumericIdThatCannotComeBackAsSentIsAnInvalidRequest() throws Exception {
    for (String id : List.of("1e400", "1.5")) {
      HttpResponse<String> r = post(OPEN.replace("\"id\":1", "\"id\":" + id), "Authorization", "Bearer " + TOKEN);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).get("error").get("code").asInt()).as(id).isEqualTo(-32600);
      assertThat(json(r).get("id").isNull()).as(id).isTrue();
    }
  }

  @Test
  void parseErrorsAreJsonRpcBodies() throws Exception {
    HttpResponse<String> r = post("this is not json", "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("error").get("code").asInt()).isEqualTo(-32700);
    assertThat(json(r).get("id").isNull()).isTrue();
    HttpResponse<String> empty = post("", "Authorization", "Bearer " + TOKEN);
    assertThat(json(empty).get("error").get("code").asInt()).isEqualTo(-32700);
  }

  @Test
  void invalidUtf8IsAParseError() throws Exception {
    HttpResponse<String> r = JdkSocket.HTTP.send(HttpRequest.newBuilder(http.rpcUri())
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', (byte) 0xff, '}'})).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(json(r).get("error").get("code").asInt()).isEqualTo(-32700);
  }

  @Test
  void notificationsOnlyAre204AndBatchesAnArray() throws Exception {
    String note = "{\"jsonrpc\":\"2.0\",\"method\":\"session.open\",\"params\":{\"client_name\":\"n\"}}";
    HttpResponse<String> r = post(note, "Authorization", "Bearer " + TOKEN);
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    assertThat(post("[" + note + "," + note + "]", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(204);
    HttpResponse<String> batch = post("[" + OPEN + "," + note + "]", "Authorization", "Bearer " + TOKEN);
    assertThat(batch.statusCode()).isEqualTo(200);
    assertThat(json(batch).isArray()).isTrue();
    assertThat(json(batch).size()).isEqualTo(1);
  }

  @Test
  void aForeignOriginIs403AndTheOwnOrAnAllowedOneIsServed() throws Exception {
    HttpResponse<String> foreign = post(OPEN, "Authorization", "Bearer " + TOKEN, "Origin", "https://evil.example");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(json(foreign).get("error").get("data").get("reason").asString()).isEqualTo("origin_not_allowed");
    String own = "http://127.0.0.1:" + http.port();
    assertThat(post(OPEN, "Authorization", "Bearer " + TOKEN, "Origin", own).statusCode()).isEqualTo(200);
    assertThat(post(OPEN, "Authorization", "Bearer " + TOKEN, "Origin", "https://IDE.example.com:443").statusCode())
        .isEqualTo(200);
    assertThat(post(OPEN, "Authorization", "Bearer " + TOKEN, "Origin", "http://localhost:" + http.port())
        .statusCode()).as("another host name is another origin").isEqualTo(403);
  }

  @Test
  void healthzNeedsNoToken() throws Exception {
    HttpResponse<String> r = JdkSocket.HTTP.send(HttpRequest.newBuilder(http.healthUri()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asString()).isEqualTo("ok");
    HttpResponse<String> post = JdkSocket.HTTP.send(HttpRequest.newBuilder(http.healthUri())
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void withoutATokenOnlyLoopbackHostsAreAnswered() throws Exception {
    http.close();
    http = TestServers.http(server).start();
    String body = OPEN;
    String rebound = RawHttp.head(http.port(), "POST /rpc HTTP/1.1\r\nHost: attacker.example:" + http.port()
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    assertThat(RawHttp.status(rebound)).isEqualTo(403);
    for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
      String ok = RawHttp.head(http.port(), "POST /rpc HTTP/1.1\r\nHost: " + host + ":" + http.port()
          + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
      assertThat(RawHttp.status(ok)).as(host).isEqualTo(200);
    }
    HttpResponse<String> plain = JdkSocket.HTTP.send(HttpRequest.newBuilder(URI.create(http.rpcUri().toString()))
        .POST(HttpRequest.BodyPublishers.ofString(OPEN)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(plain.statusCode()).isEqualTo(200);
  }
}
