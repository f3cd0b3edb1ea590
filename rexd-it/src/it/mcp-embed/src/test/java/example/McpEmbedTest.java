package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rexd.agent.AgentTools;
import dev.rexd.client.RexdClient;
import dev.rexd.core.RexdServer;
import dev.rexd.mcp.McpCaller;
import dev.rexd.mcp.RexdMcpServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The agent tools at /mcp of an application's embedded rexd, used by the MCP Java SDK's HTTP client. */
class McpEmbedTest {
  private static final String TOKEN = "embedded-mcp-token";

  @TempDir Path temp;

  @Test
  void anMcpClientListsAndCallsTheToolsTheApplicationMounted() throws Exception {
    Path root = temp.toRealPath();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", 0).token(TOKEN)
             .mount("/mcp", RexdMcpServer.streamableHttp("/mcp", "1.0", request -> new McpCaller("app",
                 McpCaller.EVERYTHING, () -> AgentTools.connecting(() -> RexdClient.inProcess(server::connect), "app",
                     AgentTools.Settings.defaults()))))
             .start()) {
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + http.port())
              .endpoint("/mcp")
              .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
              .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TOKEN))
              .build())
          .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
      try {
        client.initialize();
        List<McpSchema.Tool> tools = client.listTools().tools();
        McpSchema.Tool bash = tools.stream().filter(t -> t.name().equals("bash")).findFirst().orElseThrow();
        assertEquals(List.of("command"), bash.inputSchema().get("required"));
        assertTrue(bash.annotations().destructiveHint());

        String ran = text(client.callTool(McpSchema.CallToolRequest.builder().name("bash")
            .arguments(Map.of("command", "echo embedded > e.txt; cat e.txt")).build()));
        assertTrue(ran.startsWith("embedded\n[exit 0 after"), ran);
        assertEquals("embedded\n", Files.readString(root.resolve("e.txt")));

        McpSchema.CallToolResult outside = client.callTool(McpSchema.CallToolRequest.builder().name("read")
            .arguments(Map.of("path", "/etc/passwd")).build());
        assertTrue(outside.isError());
        assertEquals("path is outside the allowed roots (" + root + "): /etc/passwd", text(outside));
      } finally {
        client.closeGracefully();
      }
    }
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }
}
