package dev.rexd.mcp;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The official MCP Java SDK client against the server in a child JVM, over stdio. */
class McpSdkClientTest {
  @TempDir Path temp;
  Path root;
  McpSyncClient client;
  final BlockingQueue<McpSchema.ProgressNotification> progress = new LinkedBlockingQueue<>();

  @BeforeEach
  void connect() throws Exception {
    root = Files.createDirectory(temp.resolve("work")).toRealPath();
    List<String> command = StdioMcpMain.command(root);
    ServerParameters params = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    client = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(JsonMapper.builder().build())))
        .requestTimeout(Duration.ofSeconds(120))
        .initializationTimeout(Duration.ofSeconds(120))
        .progressConsumer(progress::add)
        .build();
    client.initialize();
  }

  @AfterEach
  void close() {
    client.closeGracefully();
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(args).build());
  }

  private static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void listsTheToolsWithSchemasAndTruthfulAnnotations() {
    assertThat(client.getCurrentInitializationResult().serverInfo().name()).isEqualTo("rexd");
    List<McpSchema.Tool> tools = client.listTools().tools();
    assertThat(tools).extracting(McpSchema.Tool::name).contains("bash", "read", "write", "edit", "apply_patch",
        "glob", "grep", "list", "process_output");
    McpSchema.Tool read = tools.stream().filter(t -> t.name().equals("read")).findFirst().orElseThrow();
    assertThat(read.annotations().readOnlyHint()).isTrue();
    assertThat(read.annotations().destructiveHint()).isFalse();
    assertThat(read.inputSchema()).containsEntry("required", List.of("path"));
    McpSchema.Tool bash = tools.stream().filter(t -> t.name().equals("bash")).findFirst().orElseThrow();
    assertThat(bash.annotations().readOnlyHint()).isFalse();
    assertThat(bash.annotations().destructiveHint()).isTrue();
    assertThat(bash.annotations().openWorldHint()).isTrue();
  }

  @Test
  void callsToolsAndGetsTextErrorsAndImages() throws Exception {
    McpSchema.CallToolResult wrote = call("write", Map.of("path", "notes.txt", "content", "hello\n"));
    assertThat(wrote.isError()).isFalse();
    assertThat(text(call("bash", Map.of("command", "cat notes.txt")))).startsWith("hello\n[exit 0");
    assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("hello\n");

    McpSchema.CallToolResult bad = call("bash", Map.of("comand", "ls"));
    assertThat(bad.isError()).isTrue();
    assertThat(text(bad)).startsWith("unknown argument 'comand'");
    McpSchema.CallToolResult outside = call("read", Map.of("path", "/etc/passwd"));
    assertThat(outside.isError()).isTrue();
    assertThat(text(outside)).isEqualTo("path is outside the allowed roots (" + root + "): /etc/passwd");

    Files.write(root.resolve("dot.png"), java.util.Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
    McpSchema.CallToolResult image = call("read", Map.of("path", "dot.png"));
    assertThat(image.content().get(1)).isInstanceOfSatisfying(McpSchema.ImageContent.class,
        i -> assertThat(i.mimeType()).isEqualTo("image/png"));
  }

  @Test
  void aLongCommandReportsProgressAndAnIdleOneReturnsWhileItRuns() throws Exception {
    McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("bash")
        .arguments(Map.of("command", "echo waiting; while [ ! -e go ]; do sleep 0.1; done; echo went"))
        .progressToken("tok-1").build());
    assertThat(text(r)).startsWith("waiting\n").contains("still running as p_");
    McpSchema.ProgressNotification first = progress.poll(60, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.progressToken()).isEqualTo("tok-1");
    assertThat(first.message()).contains("running for");
    String id = text(r).replaceAll("(?s).*still running as (p_\\d+).*", "$1");
    Files.writeString(root.resolve("go"), "");
    assertThat(text(call("process_output", Map.of("id", id, "wait", 60)))).startsWith("went\n");
  }
}
