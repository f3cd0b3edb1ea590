package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.auth.TokenTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/rexd hub} and {@code bin/rexd --connect} as real processes, and {@code rexd exec
 * --target} through a {@code hub} target of {@code targets.json}.
 */
@Timeout(180)
class HubCommandIT {
  private static final Pattern HUB_UP = Pattern.compile("hosts dial (ws://127\\.0\\.0\\.1:\\d+)/agents");

  @TempDir Path tmp;

  @Test
  void aHostDialsTheHubAndExecThroughTheHubTargetRunsOnIt() throws Exception {
    ClientCli cli = new ClientCli(tmp);
    Path hubConfig = Files.writeString(cli.dir.resolve("hub.toml"), """
        [[auth.tokens]]
        name = "alice"
        token_sha256 = "%s"
        role = "agent"

        [[hub.hosts]]
        name = "web-1"
        token_sha256 = "%s"
        """.formatted(TokenTable.sha256Hex("alice-token"), TokenTable.sha256Hex("web-1-token")));
    Path hostRoot = Files.createDirectories(cli.dir.resolve("web-1-root"));
    Path hostConfig = Files.writeString(cli.dir.resolve("host.toml"), """
        [[security.allowed_roots]]
        path = '%s'

        [hub]
        name = "web-1"
        role = "agent"
        labels = {region = "test"}
        """.formatted(hostRoot));

    Process hub = RexdProcess.builder(List.of("hub", "--http", "127.0.0.1:0", "--config", hubConfig.toString()))
        .start();
    StderrLines hubErr = StderrLines.follow(hub, cli.dir.resolve("hub.err"));
    Process host = null;
    try {
      String base = hubErr.await(HUB_UP).group(1);
      ProcessBuilder pb = RexdProcess.builder(List.of("--connect", base + "/agents", "--config", hostConfig.toString()));
      pb.environment().put("REXD_HUB_TOKEN", "web-1-token");
      host = pb.start();
      StderrLines.follow(host, cli.dir.resolve("host.err"))
          .await(Pattern.compile("connected to hub " + Pattern.quote(base) + "/agents as web-1"));
      hubErr.await(Pattern.compile("host web-1 connected"));

      cli.addTarget("web-1", """
          {"transport": "hub", "url": "%s/ws", "host": "web-1", "token": "alice-token"}""".formatted(base));
      ClientCli.Result r = cli.run("", "exec", "--target", "web-1", "--", "pwd");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out().strip()).isEqualTo(hostRoot.toRealPath().toString());

      ClientCli.Result targets = cli.run("", "targets");
      assertThat(targets.out()).contains("web-1").contains("hub").doesNotContain("alice-token");

      host.destroy();
      assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(host.exitValue()).as("ended by SIGTERM").isIn(0, 143);
      hubErr.await(Pattern.compile("host web-1 left"));
    } finally {
      if (host != null) {
        host.destroyForcibly();
      }
      hub.destroy();
      assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
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
