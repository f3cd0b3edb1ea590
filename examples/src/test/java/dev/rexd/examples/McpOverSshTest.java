package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The example end to end: bin/rexd mcp --target on a stdio target, driven by the MCP Java SDK client. */
class McpOverSshTest {
  @Test
  void anMcpClientRunsTheToolsOnTheTarget() throws Exception {
    String transcript = ExampleOutput.of(McpOverSsh::main);
    assertThat(transcript).contains("\"args\": [\"mcp\", \"--target\", \"host\"]", "tools: bash, process_start",
        "replaced 1 occurrence in ", "config.yml:1: port: 9090", "Linux\nport: 9090\nname: demo\n[exit 0 after",
        "(error)\npath is outside the allowed roots");
  }
}
