package dev.rexd.examples;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP client reaching a remote host through {@code rexd mcp --target}: what Claude Code or
 * Cursor does with one entry in its config, here with the MCP Java SDK's client. The target is a
 * {@code stdio} target running {@code bin/rexd --stdio} on a temporary directory, which is what an
 * {@code ssh} target runs on the far side ({@code ssh host rexd --stdio}).
 *
 * <pre>{@code
 * examples/run McpOverSsh     # prints the MCP config entry, then lists and calls the tools
 * }</pre>
 */
public final class McpOverSsh {
  private McpOverSsh() {}

  public static void main(String[] args) throws IOException {
    Path rexd = QuickStart.binRexd();
    try (TempDir tmp = TempDir.create("rexd-mcp-")) {
      Path root = Files.createDirectories(tmp.path().resolve("host"));
      Path config = Files.writeString(tmp.path().resolve("rexd.toml"), "[[security.allowed_roots]]\npath = '" + root + "'\n");
      Path targets = Files.writeString(tmp.path().resolve("targets.json"), """
          {"version": 1, "targets": {"host": {"transport": "stdio", "command": ["%s", "--stdio", "--config", "%s"]}}}
          """.formatted(rexd, config));
      System.out.println("The entry an MCP client (Claude Code, Cursor, ...) needs for this target:\n");
      System.out.println("""
          {"mcpServers": {"host": {"command": "%s", "args": ["mcp", "--target", "host"],
                                   "env": {"REXD_TARGETS": "%s"}}}}
          """.formatted(rexd, targets));
      ServerParameters server = ServerParameters.builder(rexd.toString()).args("mcp", "--target", "host")
          .env(Map.of("REXD_TARGETS", targets.toString())).build();
      McpSyncClient client = McpClient.sync(new StdioClientTransport(server, new JacksonMcpJsonMapper(
              JsonMapper.builder().build())))
          .requestTimeout(Duration.ofMinutes(2)).initializationTimeout(Duration.ofMinutes(2)).build();
      try {
        client.initialize();
        System.out.println("tools: " + String.join(", ", client.listTools().tools().stream()
            .map(McpSchema.Tool::name).toList()));
        show(client, "write", Map.of("path", "app/config.yml", "content", "port: 8080\nname: demo\n"));
        show(client, "edit", Map.of("path", "app/config.yml", "old_string", "8080", "new_string", "9090"));
        show(client, "grep", Map.of("pattern", "port"));
        show(client, "bash", Map.of("command", "uname -s; cat app/config.yml"));
        show(client, "read", Map.of("path", "/etc/passwd"));
      } finally {
        client.closeGracefully();
      }
    }
  }

  private static void show(McpSyncClient client, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(args).build());
    String text = r.content().stream().filter(McpSchema.TextContent.class::isInstance)
        .map(c -> ((McpSchema.TextContent) c).text()).reduce("", String::concat);
    System.out.println("\n> " + tool + " " + args + (Boolean.TRUE.equals(r.isError()) ? "   (error)" : ""));
    System.out.println(text.stripTrailing());
  }
}
