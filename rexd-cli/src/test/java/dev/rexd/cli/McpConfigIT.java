package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code bin/rexd mcp --config FILE} the in-process server takes its roots from the file,
 * as {@code --stdio} does, whatever directory the MCP client started it in; a config that cannot
 * serve, or one given with {@code --target}, is a usage error before any MCP traffic.
 */
class McpConfigIT {
  @TempDir Path tmp;

  @Test
  void theToolsWorkInTheRootsOfTheConfigNotTheCurrentDirectory() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    Path config = Files.writeString(cli.dir.resolve("mcp.toml"),
        "[[security.allowed_roots]]\npath = '" + cli.root + "'\n");
    Path here = Path.of("pom.xml").toAbsolutePath();   // the MCP server's cwd: this module, outside the root
    ServerParameters params = ServerParameters.builder(RexdProcess.script().toString())
        .args("mcp", "--config", config.toString()).build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(params,
            new JacksonMcpJsonMapper(JsonMapper.builder().build())))
        .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
    try {
      client.initialize();
      assertThat(text(call(client, "write", Map.of("path", "notes/a.txt", "content", "in the root\n"))))
          .isEqualTo("created " + cli.root.resolve("notes/a.txt") + " (12 bytes)");
      assertThat(cli.root.resolve("notes/a.txt")).hasContent("in the root");
      assertThat(text(call(client, "bash", Map.of("command", "pwd")))).startsWith(cli.root + "\n[exit 0");

      McpSchema.CallToolResult outside = call(client, "read", Map.of("path", here.toString()));
      assertThat(outside.isError()).isTrue();
      assertThat(text(outside)).isEqualTo("path is outside the allowed roots (" + cli.root + "): " + here);
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void aBadConfigOrAConfigWithATargetIsAUsageError() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    Path bad = Files.writeString(cli.dir.resolve("bad.toml"), "[security]\nallow_shel = true\n");
    ClientCli.Result unknownKey = cli.run("", "mcp", "--config", bad.toString());
    assertThat(unknownKey.code()).isEqualTo(2);
    assertThat(unknownKey.err()).contains("rexd: config: ").contains("allow_shel");
    assertThat(unknownKey.out()).isEmpty();

    Path good = Files.writeString(cli.dir.resolve("good.toml"), "[[security.allowed_roots]]\npath = '" + cli.root + "'\n");
    ClientCli.Result both = cli.run("", "mcp", "--config", good.toString(), "--target", "local");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--config configures the in-process server");
    assertThat(both.out()).isEmpty();
  }

  private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(args).build());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }
}
