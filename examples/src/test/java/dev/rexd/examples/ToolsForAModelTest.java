package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.agent.AgentTools;
import dev.rexd.client.RexdTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example for real: the demo on an in-process server, and tools routed to a WebSocket target. */
class ToolsForAModelTest {
  @TempDir Path dir;

  @Test
  void theDemoShowsTheToolsAndWhatAModelReads() throws Exception {
    String transcript = ExampleOutput.of(ToolsForAModel::main);
    assertThat(transcript).contains("bash: Runs a shell command line", "read (read-only): Reads a file",
        "\"required\":[\"command\"]", "     1\tHello, agent!", "\nbuild: done\n1\n2\n", "bytes omitted — read with process_output(",
        "\n1000\n[exit 0 after", "[exit 1 after", "error: path is outside the allowed roots");
    assertThat(transcript).doesNotContain("\u001b[");
  }

  @Test
  void aTargetFromTargetsJsonRunsTheTools() throws Exception {
    Path remote = Files.createDirectories(dir.resolve("remote")).toRealPath();
    try (EmbeddedServer other = EmbeddedServer.start(remote, 0, "t0ken")) {
      RexdTargets targets = RexdTargets.parse("""
          {"version": 1, "targets": {"other": {"transport": "ws", "url": "%s", "token": "t0ken"}}}
          """.formatted(other.wsUri()));
      try (AgentTools tools = ToolsForAModel.forTarget(targets, "other")) {
        assertThat(ToolsForAModel.call(tools, "write", "{\"path\": \"where.txt\", \"content\": \"remote\"}"))
            .startsWith("created " + remote);
        assertThat(ToolsForAModel.call(tools, "bash", "{\"command\": \"cat where.txt\"}")).startsWith("remote\n[exit 0");
      }
    }
    assertThat(Files.readString(remote.resolve("where.txt"))).isEqualTo("remote");
  }
}
