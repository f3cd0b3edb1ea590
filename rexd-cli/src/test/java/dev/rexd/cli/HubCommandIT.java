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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/rexd hub} and {@code bin/rexd --connect} as real processes, and {@code rexd exec
 * --target} and {@code rexd mcp --target} (driven by the MCP Java SDK's stdio client) through
 * a {@code hub} target of {@code targets.json}.
 */
@Timeout(180)
class HubCommandIT {
  @TempDir Path tmp;

  @Test
  void aHostDialsTheHubAndExecThroughTheHubTargetRunsOnIt() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    try (HubProcesses hub = HubProcesses.start(cli)) {
      hub.addTarget(cli);
      ClientCli.Result r = cli.run("", "exec", "--target", "web-1", "--", "pwd");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo(hub.hostRoot.toString());

      ClientCli.Result targets = cli.run("", "targets");
      assertThat(targets.out()).contains("web-1").contains("hub").doesNotContain(HubProcesses.CLIENT_TOKEN);

      hub.host.destroy();
      assertThat(hub.host.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(hub.host.exitValue()).as("ended by SIGTERM").isIn(0, 143);
      hub.hubErr.await(Pattern.compile("host web-1 left"));
    }
  }

  @Test
  void rexdMcpTargetReachesTheHostThroughTheHubForAnMcpClientOnStdio() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    try (HubProcesses hub = HubProcesses.start(cli)) {
      hub.addTarget(cli);
      ServerParameters mcp = ServerParameters.builder(RexdProcess.script().toString())
          .args("mcp", "--target", "web-1")
          .env(Map.of(ClientCommand.TARGETS_ENV, cli.targets.toString()))
          .build();
      McpSyncClient client = McpClient.sync(new StdioClientTransport(mcp,
              new JacksonMcpJsonMapper(JsonMapper.builder().build())))
          .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
      try {
        client.initialize();
        McpSchema.CallToolResult r = client.callTool(McpSchema.CallToolRequest.builder().name("bash")
            .arguments(Map.of("command", "echo through the hub; pwd")).build());
        assertThat(r.isError()).isFalse();
        assertThat(((McpSchema.TextContent) r.content().get(0)).text())
            .startsWith("through the hub\n" + hub.hostRoot + "\n[exit 0");
      } finally {
        client.closeGracefully();
      }
    }
  }

  @Test
  void connectRefusesPlainWsToARemoteHubAndAMissingToken() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    Path err = cli.dir.resolve("connect.err");
    Process p = RexdProcess.start(List.of("--connect", "ws://192.0.2.10:8080/agents", "--name", "web-1"), err);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    String text = Files.readString(err);
    assertThat(text).contains("REXD_HUB_TOKEN");

    ProcessBuilder pb = RexdProcess.builder(List.of("--connect", "ws://192.0.2.10:8080/agents", "--name", "web-1"))
        .redirectError(err.toFile());
    pb.environment().put("REXD_HUB_TOKEN", "t");
    Process q = pb.start();
    assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(q.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err)).contains("refusing plain ws://").contains("insecure");
  }
}
