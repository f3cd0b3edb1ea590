package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /mcp} as two principals with different roles: each is offered what its role allows and acts as itself. */
class McpCallersTest {
  private static final String AGENT_TOKEN = "agent-token-of-ci";
  private static final String VIEWER_TOKEN = "viewer-token-of-ann";

  @TempDir Path temp;

  @Test
  void anAgentGetsEveryToolAndActsAsItselfWhileAViewerGetsNone() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    TokenTable tokens = TokenTable.builder().addClear("ci", AGENT_TOKEN, Role.AGENT)
        .addClear("ann", VIEWER_TOKEN, Role.VIEWER).build();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
         RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", 0).authenticator(tokens)
             .mount(HttpMode.MCP_PATH, RexdMcpServer.streamableHttp(HttpMode.MCP_PATH, "test", new McpCallers(server)))
             .start()) {
      String endpoint = "http://127.0.0.1:" + http.port();
      McpSyncClient agent = client(endpoint, AGENT_TOKEN);
      McpSyncClient viewer = client(endpoint, VIEWER_TOKEN);
      try {
        agent.initialize();
        assertThat(agent.listTools().tools()).extracting(McpSchema.Tool::name)
            .contains("bash", "write", "edit", "apply_patch", "process_start", "read", "grep");
        McpSchema.CallToolResult ran = agent.callTool(McpSchema.CallToolRequest.builder().name("bash")
            .arguments(Map.of("command", "echo by ci > ci.txt")).build());
        assertThat(ran.isError()).as(ran.toString()).isFalse();
        assertThat(Files.readString(root.resolve("ci.txt"))).isEqualTo("by ci\n");

        viewer.initialize();
        assertThat(viewer.listTools().tools()).isEmpty();
        assertThatThrownBy(() -> viewer.callTool(McpSchema.CallToolRequest.builder().name("write")
            .arguments(Map.of("path", "ann.txt", "content", "x")).build())).hasMessageContaining("Unknown tool");
        assertThat(root.resolve("ann.txt")).doesNotExist();
      } finally {
        agent.closeGracefully();
        viewer.closeGracefully();
      }
      assertThat(sessionOwners(server)).containsOnly("ci");
    }
  }

  private static McpSyncClient client(String endpoint, String token) {
    return McpClient.sync(HttpClientStreamableHttpTransport.builder(endpoint).endpoint(HttpMode.MCP_PATH)
            .jsonMapper(new JacksonMcpJsonMapper(JsonMapper.builder().build()))
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
            .build())
        .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
  }

  /** The principals owning the server's sessions, as an operator's {@code server.sessions} lists them. */
  private static List<String> sessionOwners(RexdServer server) {
    String answer = server.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server.sessions\",\"params\":{}}",
        new Principal("op", Role.OPERATOR)).join().orElseThrow();
    JsonNode sessions = RexdJson.mapper().readTree(answer).path("result").path("sessions");
    List<String> owners = new ArrayList<>();
    sessions.forEach(s -> owners.add(s.path("principal").asString()));
    return owners;
  }
}
