package dev.rexd.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code notifications/cancelled} on the wire, as an MCP client sends it: the command's whole
 * process group dies. And the end of stdin ends the server and what it left running.
 */
class StdioCancellationTest {
  @TempDir Path temp;

  @Test
  void cancellingAToolCallKillsTheProcessGroupAndEofEndsTheServer() throws Exception {
    Path root = Files.createDirectory(temp.resolve("work")).toRealPath();
    Process server = new ProcessBuilder(StdioMcpMain.command(root)).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      OutputStream to = server.getOutputStream();
      BufferedReader from = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      send(to, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(answer(from, 1).path("result").path("serverInfo").path("name").asString()).isEqualTo("rexd");
      send(to, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(to, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"bash\",\"arguments\":"
          + "{\"command\":\"sleep 300 & echo $! > child.pid; echo started; wait\"},\"_meta\":{\"progressToken\":\"p7\"}}}");
      JsonNode progress = answer(from, null);
      assertThat(progress.path("method").asString()).isEqualTo("notifications/progress");
      long child = Long.parseLong(Files.readString(root.resolve("child.pid")).strip());
      assertThat(ProcessHandle.of(child)).isPresent();

      send(to, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7,"
          + "\"reason\":\"user pressed stop\"}}");
      JsonNode result = answer(from, 7);
      assertThat(result.path("result").path("isError").asBoolean()).isTrue();
      assertThat(result.path("result").path("content").get(0).path("text").asString())
          .startsWith("canceled: the command's process group was killed");
      ProcessHandle.of(child).ifPresent(h -> assertThat(h.onExit()).succeedsWithin(Duration.ofSeconds(30)));

      send(to, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"process_start\","
          + "\"arguments\":{\"command\":\"sleep 300 & echo $! > bg.pid; wait\"}}}");
      assertThat(answer(from, 8).path("result").path("content").get(0).path("text").asString()).startsWith("started p_");
      long background = Long.parseLong(Files.readString(root.resolve("bg.pid")).strip());
      to.close();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits at the end of its input").isTrue();
      ProcessHandle.of(background).ifPresent(h -> assertThat(h.onExit()).succeedsWithin(Duration.ofSeconds(30)));
    } finally {
      server.destroyForcibly();
    }
  }

  private static void send(OutputStream to, String line) throws Exception {
    to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    to.flush();
  }

  /** The next message with this id (a response), or with no id (a notification) when {@code id} is null. */
  private static JsonNode answer(BufferedReader from, Integer id) throws Exception {
    for (int i = 0; i < 100; i++) {
      String line = from.readLine();
      assertThat(line).as("the server answered").isNotNull();
      JsonNode message = RexdJson.mapper().readTree(line);
      if (id == null ? !message.has("id") : message.path("id").asInt(-1) == id) {
        return message;
      }
    }
    throw new AssertionError("no message with id " + id + " in 100 lines");
  }
}
