package dev.rexd.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.agent.AgentTools;
import dev.rexd.client.RexdClient;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code /mcp} on the embedded HTTP server: behind its token, Origin and Host checks, with the SDK's HTTP client. */
class StreamableHttpTest {
  private static final String TOKEN = "mcp-test-token";

  @TempDir Path temp;

  /** {@code /mcp} behind the token, every caller one principal with every tool. */
  private static RexdHttpServer served(RexdServer server) throws Exception {
    return RexdHttpServer.builder(server).listen("127.0.0.1", 0).token(TOKEN)
        .mount("/mcp", RexdMcpServer.streamableHttp("/mcp", "test", request -> new McpCaller("one",
            McpCaller.EVERYTHING, () -> AgentTools.connecting(() -> RexdClient.inProcess(server::connect), "mcp-http",
                AgentTools.Settings.defaults()))))
        .start();
  }

  @Test
  void cancellingAToolCallKillsItsProcessGroupAndEndsTheCall() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    Path ready = root.resolve("ready");
    assertThat(new ProcessBuilder("mkfifo", ready.toString()).start().waitFor()).isZero();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = served(server)) {
      URI mcp = URI.create("http://127.0.0.1:" + http.port() + "/mcp");
      HttpClient plain = HttpClient.newHttpClient();
      String session = initialize(plain, mcp, "one");

      CompletableFuture<HttpResponse<String>> call = plain.sendAsync(post(mcp, session, "{\"jsonrpc\":\"2.0\","
          + "\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"bash\",\"arguments\":{\"command\":"
          + "\"sleep 300 & echo $! > ready; wait\"}}}"), HttpResponse.BodyHandlers.ofString());
      long child = pidFrom(ready);
      assertThat(ProcessHandle.of(child)).isPresent();
      assertThat(call).isNotDone();

      HttpResponse<String> cancelled = plain.send(post(mcp, session, "{\"jsonrpc\":\"2.0\","
          + "\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,\"reason\":\"stop\"}}"),
          HttpResponse.BodyHandlers.ofString());
      assertThat(cancelled.statusCode()).isEqualTo(202);
      HttpResponse<String> answer = call.get(60, TimeUnit.SECONDS);
      assertThat(answer.body()).contains("canceled: the command's process group was killed").contains("\"isError\":true");
      ProcessHandle.of(child).ifPresent(h -> assertThat(h.onExit()).succeedsWithin(Duration.ofSeconds(30)));
    }
  }

  /** The pid a shell writes into the FIFO {@code fifo}, read as soon as it is written. */
  private static long pidFrom(Path fifo) throws Exception {
    return Long.parseLong(CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(fifo).strip();   // blocks until the shell wrote it
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).get(60, TimeUnit.SECONDS));
  }

  private static HttpRequest post(URI mcp, String session, String body) {
    return post(mcp, session, body, "one");
  }

  /** A POST as the caller {@code who} (the header {@code X-Who} names the principal in {@link #perHeader}). */
  private static HttpRequest post(URI mcp, String session, String body, String who) {
    HttpRequest.Builder b = HttpRequest.newBuilder(mcp).header("Authorization", "Bearer " + TOKEN).header("X-Who", who)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return b.build();
  }

  /** {@code /mcp} where the header {@code X-Who} names the principal, keeping at most one principal's server. */
  private static RexdHttpServer perHeader(RexdServer server) throws Exception {
    return RexdHttpServer.builder(server).listen("127.0.0.1", 0).token(TOKEN)
        .mount("/mcp", RexdMcpServer.streamableHttp("/mcp", "test", request -> new McpCaller(request.getHeader("X-Who"),
            McpCaller.EVERYTHING, () -> AgentTools.connecting(() -> RexdClient.inProcess(server::connect), "mcp-http",
                AgentTools.Settings.defaults())), new McpHttpLimits(Duration.ofMinutes(30), 1)))
        .start();
  }

  /** Opens an MCP session as {@code who}; returns its id. */
  private static String initialize(HttpClient plain, URI mcp, String who) throws Exception {
    HttpResponse<String> init = plain.send(post(mcp, null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\","
        + "\"version\":\"1\"}}}", who), HttpResponse.BodyHandlers.ofString());
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(plain.send(post(mcp, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", who),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
    return session;
  }

  @Test
  void aPrincipalPastTheCapClosesTheLeastRecentlyUsedServerAndKillsWhatItsToolsLeftRunning() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = perHeader(server)) {
      URI mcp = URI.create("http://127.0.0.1:" + http.port() + "/mcp");
      HttpClient plain = HttpClient.newHttpClient();
      Path pid = root.resolve("ann.pid");
      assertThat(new ProcessBuilder("mkfifo", pid.toString()).start().waitFor()).isZero();
      String ann = initialize(plain, mcp, "ann");
      HttpResponse<String> started = plain.send(post(mcp, ann, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"process_start\",\"arguments\":{\"command\":\"echo $$ > ann.pid; exec sleep 300\"}}}",
          "ann"), HttpResponse.BodyHandlers.ofString());
      assertThat(started.body()).contains("\"isError\":false");
      ProcessHandle process = ProcessHandle.of(pidFrom(pid)).orElseThrow();

      initialize(plain, mcp, "bob");   // a second principal: ann's server is the least recently used

      assertThat(process.onExit()).succeedsWithin(Duration.ofSeconds(30));
      HttpResponse<String> stale = plain.send(post(mcp, ann, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}",
          "ann"), HttpResponse.BodyHandlers.ofString());
      assertThat(stale.statusCode()).as(stale.body()).isEqualTo(404);
      initialize(plain, mcp, "ann");   // and ann starts over, which closes bob's
    }
  }

  @Test
  void withoutATokenNoWebPageReachesTheToolsByASimplePostOrDnsRebinding() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    AtomicInteger consulted = new AtomicInteger();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", 0)
             .mount("/mcp", RexdMcpServer.streamableHttp("/mcp", "test", request -> {
               consulted.incrementAndGet();
               return new McpCaller("anyone", McpCaller.EVERYTHING, () -> AgentTools.connecting(
                   () -> RexdClient.inProcess(server::connect), "mcp-http", AgentTools.Settings.defaults()));
             }))
             .start()) {
      int port = http.port();
      String json = "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n";
      // a page elsewhere POSTs as a form may, without a preflight: its browser names its origin
      assertThat(rawPostStatus(port, "Host: 127.0.0.1:" + port + "\r\nOrigin: https://evil.example\r\n"
          + "Content-Type: text/plain\r\n")).isEqualTo(403);
      // DNS rebinding: the attacker's name resolves to 127.0.0.1, so Origin and Host agree with each other
      assertThat(rawPostStatus(port, "Host: attacker.example:" + port + "\r\nOrigin: http://attacker.example:" + port
          + "\r\n" + json)).isEqualTo(403);
      assertThat(rawPostStatus(port, "Host: attacker.example:" + port + "\r\n" + json)).isEqualTo(403);
      assertThat(consulted).as("no MCP server was reached").hasValue(0);

      assertThat(rawPostStatus(port, "Host: 127.0.0.1:" + port + "\r\n" + json)).isEqualTo(200);
      assertThat(consulted).hasValue(1);
    }
  }

  /** The status of an MCP {@code initialize} POSTed to {@code /mcp} with these header lines, over a plain socket. */
  private static int rawPostStatus(int port, String headers) throws Exception {
    byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"page\",\"version\":\"1\"}}}")
        .getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(60_000);
      s.getOutputStream().write(("POST /mcp HTTP/1.1\r\n" + headers + "Content-Length: " + body.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
      assertThat(statusLine).as("a status line").startsWith("HTTP/1.1 ");
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  @Test
  void anMcpClientWithTheTokenUsesTheToolsAndOthersAreRefused() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = served(server)) {
      String endpoint = "http://127.0.0.1:" + http.port();
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(endpoint).endpoint("/mcp")
              .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
              .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
              .build())
          .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
      try {
        client.initialize();
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("bash", "grep");
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("bash")
            .arguments(Map.of("command", "echo over http > h.txt; cat h.txt")).build());
        assertThat(((McpSchema.TextContent) r.content().get(0)).text()).startsWith("over http\n[exit 0");
      } finally {
        client.closeGracefully();
      }
      assertThat(Files.readString(root.resolve("h.txt"))).isEqualTo("over http\n");

      HttpClient plain = HttpClient.newHttpClient();
      String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}";
      HttpResponse<String> noToken = plain.send(HttpRequest.newBuilder(URI.create(endpoint + "/mcp"))
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(401);
      HttpResponse<String> foreignPage = plain.send(HttpRequest.newBuilder(URI.create(endpoint + "/mcp"))
          .header("Authorization", "Bearer " + TOKEN).header("Origin", "https://evil.example")
          .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString(init)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(foreignPage.statusCode()).isEqualTo(403);
      assertThatThrownBy(() -> McpClient.sync(HttpClientStreamableHttpTransport.builder(endpoint).endpoint("/mcp")
              .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build())).build())
          .initializationTimeout(Duration.ofSeconds(60)).build().initialize()).isNotNull();
    }
  }
}
