package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Spring AI snippet of docs/agents.md as an application runs it: the auto-configured
 * ToolCallbackProvider holds rexd's tools, a tool call runs on the target's host, and the provider
 * goes to a ChatClient as the snippet says.
 */
@SpringBootTest(classes = SpringAiMcpTest.App.class)
class SpringAiMcpTest {
  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final Path ROOT = TARGET.resolve("prod-root");

  static {
    // before the context starts the MCP client: `rexd` on the PATH, and the target "prod" it names
    try {
      String java = ProcessHandle.current().info().command().orElseThrow();
      String jar = System.getProperty("rexd.cli.jar");
      Files.createDirectories(ROOT);
      Path bin = Files.createDirectories(TARGET.resolve("test-bin"));
      Path rexd = Files.writeString(bin.resolve("rexd"), "#!/bin/sh\nexec '" + java + "' -jar '" + jar + "' \"$@\"\n");
      Files.setPosixFilePermissions(rexd, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path config = Files.writeString(TARGET.resolve("prod.toml"),
          "[[security.allowed_roots]]\npath = \"" + ROOT + "\"\n[audit]\nenabled = false\n");
      Files.writeString(TARGET.resolve("rexd-targets.json"), "{\"version\": 1, \"targets\": {\"prod\": "
          + "{\"transport\": \"stdio\", \"command\": [\"" + rexd + "\", \"--stdio\", \"--config\", \"" + config + "\"]}}}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {}

  @Autowired ToolCallbackProvider tools;

  @Test
  void theAutoConfiguredToolsRunOnTheTargetAndGoToAChatClient() throws Exception {
    List<ToolCallback> callbacks = Arrays.asList(tools.getToolCallbacks());
    List<String> names = callbacks.stream().map(c -> c.getToolDefinition().name()).toList();
    for (String tool : List.of("bash", "read", "write", "edit", "apply_patch", "grep")) {
      assertTrue(names.stream().anyMatch(n -> n.equals(tool) || n.endsWith("_" + tool)), tool + " in " + names);
    }
    ToolCallback bash = callbacks.stream().filter(c -> c.getToolDefinition().name().endsWith("bash")).findFirst()
        .orElseThrow();
    String result = bash.call("{\"command\": \"echo from spring ai > spring.txt; cat spring.txt\"}");
    assertTrue(result.contains("from spring ai"), result);
    assertEquals("from spring ai\n", Files.readString(ROOT.resolve("spring.txt")));

    ChatModel model = new ChatModel() {
      @Override
      public ChatResponse call(Prompt prompt) {
        throw new UnsupportedOperationException("no model in this test");
      }
    };
    ChatClient client = ChatClient.builder(model).defaultToolCallbacks(tools).build();
    assertNotNull(client);
  }
}
