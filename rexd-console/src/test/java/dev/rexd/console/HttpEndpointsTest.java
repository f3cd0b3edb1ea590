package dev.rexd.console;

import static dev.rexd.console.ConsoleFixture.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.auth.Authenticator;
import dev.rexd.core.auth.JwtAuthenticator;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** /metrics, bearer JWTs and named tokens over HTTP, and the console's page headers. */
class HttpEndpointsTest {
  static final String SECRET = "an-hs256-secret-of-at-least-32-bytes!!";
  @TempDir Path tmp;
  private RexdServer server;
  private RexdHttpServer http;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(tmp)
        .approvals(ApprovalPolicy.rules(List.of("echo hold*"), Duration.ofMinutes(1))).build();
    Authenticator auth = Authenticator.anyOf(List.of(
        TokenTable.builder().add("bot", TokenTable.sha256Hex("agent-token"), Role.AGENT)
            .add("vera", TokenTable.sha256Hex("viewer-token"), Role.VIEWER).build(),
        JwtAuthenticator.builder().issuer("https://sso.test").audience("rexd").hs256Secret(SECRET).build()));
    http = RexdHttpServer.builder(server).listen("127.0.0.1", 0).authenticator(auth)
        .mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet("/ws")).start();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  @Test
  void metricsAreForViewersAndMoveWithTheServer() throws Exception {
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "agent-token").statusCode()).isEqualTo(403);
    HttpResponse<String> before = get("/metrics", "viewer-token");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(value(before.body(), "rexd_sessions")).isZero();

    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    server.connectReattachable(pair[0], ConsoleFixture.BOT);
    WirePeer bot = new WirePeer(pair[1]);
    InMemoryTransport[] pair2 = InMemoryTransport.pair(64);
    server.connectReattachable(pair2[0], ConsoleFixture.OTTO);
    WirePeer otto = new WirePeer(pair2[1]);
    otto.result("server.watch", Map.of());
    String sid = bot.openSession();
    bot.result("exec.start", params("session_id", sid, "argv", List.of("echo", "some output")));
    bot.nextEvent("exec.exit");
    bot.error("fs.read", params("session_id", sid, "path", "missing.txt"));
    CompletableFuture<JsonNode> held = bot.callAsync("exec.start", params("session_id", sid, "argv",
        List.of("echo", "hold", "me")));
    String id = otto.nextEvent("approval.requested").get("approval_id").asString();
    String during = get("/metrics", "viewer-token").body();
    assertThat(value(during, "rexd_approvals_pending")).isEqualTo(1);
    otto.result("approval.decide", params("approval_id", id, "decision", "approve"));
    bot.result("exec.wait", params("session_id", sid, "process_id",
        held.get().get("result").get("process_id").asString()));

    String after = get("/metrics", "viewer-token").body();
    assertThat(value(after, "rexd_sessions")).isEqualTo(1);
    assertThat(value(after, "rexd_calls_total\\{method=\"exec.start\"}")).isEqualTo(2);
    assertThat(value(after, "rexd_call_errors_total\\{code=\"-32602\",method=\"fs.read\"}")).isEqualTo(1);
    assertThat(value(after, "rexd_output_bytes_total")).isPositive();
    assertThat(value(after, "rexd_approval_wait_seconds_count")).isEqualTo(1);
    assertThat(value(after, "rexd_approvals_pending")).isZero();
    assertThat(after).contains("jvm_memory_used_bytes");
    assertThat(value(after, "rexd_processes")).isZero();
    assertThat(value(after, "rexd_terminals")).isZero();

    String cat = bot.result("exec.start", params("session_id", sid, "argv", List.of("cat")))
        .get("process_id").asString();
    JsonNode pty = bot.result("pty.open", params("session_id", sid, "argv", List.of("cat"), "cols", 80, "rows", 24));
    String running = get("/metrics", "viewer-token").body();
    assertThat(value(running, "rexd_processes")).isEqualTo(1);
    assertThat(value(running, "rexd_terminals")).isEqualTo(1);
    bot.result("exec.kill", params("session_id", sid, "process_id", cat));
    bot.result("exec.wait", params("session_id", sid, "process_id", cat));
    bot.result("pty.close", params("session_id", sid, "pty_id", pty.get("pty_id").asString()));
    bot.result("exec.wait", params("session_id", sid, "process_id", pty.get("process_id").asString()));
    String ended = get("/metrics", "viewer-token").body();
    assertThat(value(ended, "rexd_processes")).isZero();
    assertThat(value(ended, "rexd_terminals")).isZero();
    assertThat(value(ended, "rexd_calls_total\\{method=\"pty.open\"}")).isEqualTo(1);
    bot.close();
    otto.close();
  }

  @Test
  void jwtsAreCheckedAndNamedTokensCarryTheirRole() throws Exception {
    String sessionOpen = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.sessions\",\"params\":{}}";
    assertThat(post(sessionOpen, jwt(claims().build())).body()).contains("\"sessions\"");
    assertThat(post(sessionOpen, "agent-token").body()).contains("forbidden_role");
    assertThat(post(sessionOpen, jwt(claims().audience("other").build())).statusCode()).isEqualTo(401);
    assertThat(post(sessionOpen, jwt(claims().expirationTime(Date.from(Instant.now().minusSeconds(600))).build()))
        .statusCode()).isEqualTo(401);
    assertThat(post(sessionOpen, new PlainJWT(claims().build()).serialize()).statusCode()).isEqualTo(401);
    assertThat(post(sessionOpen, jwt(claims().claim("role", null).build())).statusCode()).isEqualTo(401);
    SignedJWT wrongKey = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
    wrongKey.sign(new MACSigner("another-secret-another-secret-another!!".getBytes(StandardCharsets.UTF_8)));
    assertThat(post(sessionOpen, wrongKey.serialize()).statusCode()).isEqualTo(401);

    // as the console signs in: the JWT as the WebSocket subprotocol, never in the URL
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket ws = webSocket(jwt(claims().build()), frames).join();
    ws.sendText(sessionOpen, true);
    assertThat(frames.poll(30, TimeUnit.SECONDS)).contains("\"sessions\"");
    ws.abort();
    String expired = jwt(claims().expirationTime(Date.from(Instant.now().minusSeconds(600))).build());
    assertThatThrownBy(() -> webSocket(expired, frames).join()).cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> assertThat(e.getResponse().statusCode())
            .isEqualTo(401));
  }

  private CompletableFuture<WebSocket> webSocket(String credential, BlockingQueue<String> frames) {
    return client.newWebSocketBuilder().subprotocols("rexd.bearer." + credential)
        .buildAsync(URI.create("ws://127.0.0.1:" + http.port() + "/ws"), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              frames.add(text.toString());
              text.setLength(0);
            }
            socket.request(1);
            return null;
          }
        });
  }

  @Test
  void theConsolePageIsServedWithAStrictPolicy() throws Exception {
    HttpResponse<String> page = get("/console/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'").doesNotContain("unsafe-eval");
    assertThat(csp.substring(csp.indexOf("script-src"))).startsWith("script-src 'self';");
    assertThat(page.body()).contains("content=\"/ws\"").doesNotContain("<script>");
    assertThat(get("/console/vendor/lib/xterm.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/console/console.js", null).body()).contains("textContent").doesNotContain("innerHTML");
    for (String script : List.of("/console/console.js", "/console/rexd-wire.js", "/console/recordings.js")) {
      assertThat(get(script, null).body()).as("%s writes nothing to the browser's log", script)
          .doesNotContainPattern("\\bconsole\\.(log|info|warn|error|debug|trace)\\(");
    }
    HttpResponse<String> player = get("/console/recordings.html", null);
    assertThat(player.statusCode()).isEqualTo(200);
    assertThat(player.body()).contains("content=\"/recordings\"").doesNotContain("<script>");
    String playerCsp = player.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(playerCsp).isEqualTo(csp.replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';"));
    assertThat(get("/console/vendor/asciinema-player/asciinema-player.min.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/console/recordings.js", null).body()).contains("textContent").doesNotContain("innerHTML");
    assertThat(get("/console/../pom.xml", null).statusCode()).isIn(400, 404);
    assertThat(get("/console/index.html.bak", null).statusCode()).isEqualTo(404);
    HttpResponse<String> foreign = client.send(HttpRequest.newBuilder(uri("/console/"))
        .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().subject("alice").issuer("https://sso.test").audience("rexd")
        .expirationTime(Date.from(Instant.now().plusSeconds(600))).claim("role", "viewer");
  }

  private static String jwt(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.port() + path);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body, String token) throws Exception {
    return client.send(HttpRequest.newBuilder(uri("/rpc")).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of the first sample whose name (and labels) match {@code series}. */
  private static double value(String text, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + "(\\{[^}]*})? ([-0-9.eE+]+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no series " + series + " in\n" + text);
    }
    return Double.parseDouble(m.group(2));
  }
}
