package dev.rexd.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's MCP tool provider lists and runs the tools, as an AI service would (no model needed). */
class LangChain4jMcpTest {
  @TempDir Path temp;

  @Test
  void theToolProviderListsAndExecutesTheTools() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    Files.writeString(root.resolve("todo.txt"), "ship it\n");
    McpClient client = new DefaultMcpClient.Builder()
        .transport(new StdioMcpTransport.Builder().command(StdioMcpMain.command(root)).build())
        .initializationTimeout(Duration.ofSeconds(120))
        .toolExecutionTimeout(Duration.ofSeconds(120))
        .build();
    try {
      McpToolProvider provider = McpToolProvider.builder().mcpClients(client).build();
      ToolProviderResult tools = provider.provideTools(new ToolProviderRequest("memory-1", UserMessage.from("hi")));
      assertThat(tools.tools().keySet()).extracting(ToolSpecification::name)
          .contains("bash", "read", "write", "edit", "apply_patch", "glob", "grep", "list", "process_output");
      ToolSpecification grep = tools.toolSpecificationByName("grep");
      assertThat(grep.description()).contains("regular expression");
      assertThat(grep.parameters().required()).containsExactly("pattern");

      String found = tools.toolExecutorByName("grep").execute(ToolExecutionRequest.builder().id("1").name("grep")
          .arguments("{\"pattern\": \"ship\"}").build(), "memory-1");
      assertThat(found).isEqualTo(root.resolve("todo.txt") + ":1: ship it\n");
      String ran = tools.toolExecutorByName("bash").execute(ToolExecutionRequest.builder().id("2").name("bash")
          .arguments("{\"command\": \"wc -c < todo.txt\"}").build(), "memory-1");
      assertThat(ran).startsWith("8\n[exit 0 after");
      // a tool error reaches LangChain4j as the exception its AI services turn into a message for the model
      assertThatThrownBy(() -> tools.toolExecutorByName("read").execute(ToolExecutionRequest.builder().id("3")
          .name("read").arguments("{\"path\": \"../../etc/shadow\"}").build(), "memory-1"))
          .isInstanceOf(ToolExecutionException.class)
          .hasMessage("path is outside the allowed roots (" + root + "): ../../etc/shadow");
    } finally {
      client.close();
    }
  }
}
