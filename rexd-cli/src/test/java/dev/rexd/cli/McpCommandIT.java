package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The MCP Inspector's command line ({@code @modelcontextprotocol/inspector} 2.12.0 from the npm
 * registry, under Node 22 from the registry's {@code node} package, since it needs Node 22.19+)
 * against {@code bin/rexd mcp}: listing the tools and calling them, here and on a stdio target.
 * Skipped, saying why, only when the npm registry cannot be reached.
 */
class McpCommandIT {
  private static final String INSPECTOR = "@modelcontextprotocol/inspector@2.12.0";

  @TempDir Path tmp;

  @BeforeAll
  static void npmReachable() throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("npm", "view", INSPECTOR, "version").redirectErrorStream(true).start();
    } catch (IOException e) {
      Assumptions.abort("npm is not installed: " + e.getMessage());
      return;
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    Assumptions.assumeTrue(done && p.exitValue() == 0, "the npm registry cannot be reached: " + out.strip());
  }

  /** Runs the inspector's CLI on {@code bin/rexd ARGS} with the inspector options after {@code --}. */
  private JsonNode inspect(ClientCli cli, List<String> rexdArgs, String... method) throws Exception {
    List<String> target = new ArrayList<>(List.of("-e", ClientCommand.TARGETS_ENV + "=" + cli.targets,
        RexdProcess.script().toString()));
    target.addAll(rexdArgs);
    return inspector(cli, target, method);
  }

  /** Runs the inspector's CLI on a server ({@code target}: a command line, or a URL with its options). */
  private JsonNode inspector(ClientCli cli, List<String> target, String... method) throws Exception {
    List<String> command = new ArrayList<>(List.of("npx", "-y", "-p", "node@22", "-p", INSPECTOR, "mcp-inspector",
        "--cli", "--connect-timeout", "180000"));
    command.addAll(target);
    command.addAll(List.of(method));
    Path err = cli.dir.resolve("inspector-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(command).directory(cli.root.toFile()).redirectError(err.toFile()).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("inspector: %s\n%s", out, Files.readString(err)).isZero();
    return RexdJson.mapper().readTree(out);
  }

  @Test
  void theInspectorListsAndCallsTheToolsOfTheCurrentDirectory() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    Files.writeString(cli.root.resolve("hello.txt"), "hello from the root\n");
    JsonNode listed = inspect(cli, List.of("mcp"), "--method", "tools/list");
    List<String> names = new ArrayList<>();
    listed.path("tools").forEach(t -> names.add(t.path("name").asString()));
    assertThat(names).contains("bash", "read", "write", "edit", "apply_patch", "glob", "grep", "list");
    for (JsonNode tool : listed.path("tools")) {
      boolean readOnly = List.of("read", "glob", "grep", "list", "process_output", "process_list")
          .contains(tool.path("name").asString());
      assertThat(tool.path("annotations").path("readOnlyHint").asBoolean()).as(tool.path("name").asString())
          .isEqualTo(readOnly);
    }

    JsonNode called = inspect(cli, List.of("mcp"), "--method", "tools/call", "--tool-name", "bash",
        "--tool-arg", "command=cat hello.txt; printf '\\033[31mred\\033[0m\\n'");
    assertThat(called.path("isError").asBoolean()).isFalse();
    assertThat(called.path("content").get(0).path("text").asString())
        .startsWith("hello from the root\nred\n[exit 0 after");
  }

  @Test
  void theInspectorReachesATargetThroughRexdMcpTarget() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    JsonNode wrote = inspect(cli, List.of("mcp", "--target", "local"), "--method", "tools/call",
        "--tool-name", "write", "--tool-arg", "path=remote.txt", "--tool-arg", "content=via target");
    assertThat(wrote.path("content").get(0).path("text").asString()).startsWith("created " + cli.root.resolve("remote.txt"));
    assertThat(Files.readString(cli.root.resolve("remote.txt"))).isEqualTo("via target");
  }

  @Test
  void theInspectorUsesTheToolsOverHttpWithTheToken() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    Path cfg = Files.writeString(cli.dir.resolve("http.toml"), "[server]\nauth_token = \"mcp-it-token\"\n"
        + "[[security.allowed_roots]]\npath = \"" + cli.root + "\"\n");
    HttpServerProcess rexd = HttpServerProcess.start(cli.dir, "--config", cfg.toString());
    try {
      String url = rexd.uri("http", "/mcp").toString();
      JsonNode called = inspector(cli, List.of(url, "--transport", "http", "--header",
          "Authorization: Bearer mcp-it-token"), "--method", "tools/call", "--tool-name", "bash",
          "--tool-arg", "command=echo over http");
      assertThat(called.path("content").get(0).path("text").asString()).startsWith("over http\n[exit 0 after");
    } finally {
      rexd.stop();
    }
  }
}
