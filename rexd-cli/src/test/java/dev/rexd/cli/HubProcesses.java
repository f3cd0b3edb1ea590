package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.auth.TokenTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real {@code bin/rexd hub} and one {@code bin/rexd --connect} host, {@code web-1}, as processes
 * on loopback: the hub admits the client {@code alice} (role agent, token {@link #CLIENT_TOKEN})
 * and the host {@code web-1}, which serves its own root; {@link #addTarget} names the host in a
 * {@link ClientCli}'s {@code targets.json} as a {@code hub} target.
 *
 * <pre>{@code
 * try (HubProcesses hub = HubProcesses.start(cli)) {
 *   hub.addTarget(cli);
 *   cli.run("", "exec", "--target", "web-1", "--", "pwd");
 * }
 * }</pre>
 */
final class HubProcesses implements AutoCloseable {
  static final String CLIENT_TOKEN = "alice-token";
  static final String HOST = "web-1";
  private static final Pattern HUB_UP = Pattern.compile("hosts dial (ws://127\\.0\\.0\\.1:\\d+)/agents");

  final Process hub;
  final StderrLines hubErr;
  final Process host;
  /** The hub's base URL, {@code ws://127.0.0.1:PORT}. */
  final String base;
  /** The host's only root. */
  final Path hostRoot;

  private HubProcesses(Process hub, StderrLines hubErr, Process host, String base, Path hostRoot) {
    this.hub = hub;
    this.hubErr = hubErr;
    this.host = host;
    this.base = base;
    this.hostRoot = hostRoot;
  }

  /** Starts the hub, then the host, and returns once the hub has the host. */
  static HubProcesses start(ClientCli cli) throws Exception {
    Path hubConfig = Files.writeString(cli.dir.resolve("hub.toml"), """
        [[auth.tokens]]
        name = "alice"
        token_sha256 = "%s"
        role = "agent"

        [[hub.hosts]]
        name = "%s"
        token_sha256 = "%s"
        """.formatted(TokenTable.sha256Hex(CLIENT_TOKEN), HOST, TokenTable.sha256Hex(HOST + "-token")));
    Path hostRoot = Files.createDirectories(cli.dir.resolve(HOST + "-root")).toRealPath();
    Path hostConfig = Files.writeString(cli.dir.resolve("host.toml"), """
        [[security.allowed_roots]]
        path = '%s'

        [hub]
        name = "%s"
        role = "agent"
        labels = {region = "test"}
        """.formatted(hostRoot, HOST));

    Process hub = RexdProcess.builder(List.of("hub", "--http", "127.0.0.1:0", "--config", hubConfig.toString()))
        .start();
    StderrLines hubErr = StderrLines.follow(hub, cli.dir.resolve("hub.err"));
    try {
      String base = hubErr.await(HUB_UP).group(1);
      ProcessBuilder pb = RexdProcess.builder(List.of("--connect", base + "/agents", "--config", hostConfig.toString()));
      pb.environment().put("REXD_HUB_TOKEN", HOST + "-token");
      Process host = pb.start();
      HubProcesses started = new HubProcesses(hub, hubErr, host, base, hostRoot);
      try {
        StderrLines.follow(host, cli.dir.resolve("host.err"))
            .await(Pattern.compile("connected to hub " + Pattern.quote(base) + "/agents as " + HOST));
        hubErr.await(Pattern.compile("host " + HOST + " connected"));
        return started;
      } catch (Throwable t) {
        started.close();
        throw t;
      }
    } catch (Throwable t) {
      hub.destroyForcibly();
      throw t;
    }
  }

  /** Adds {@code web-1} to {@code cli}'s {@code targets.json} as a {@code hub} target with alice's token. */
  void addTarget(ClientCli cli) throws IOException {
    cli.addTarget(HOST, """
        {"transport": "hub", "url": "%s/ws", "host": "%s", "token": "%s"}""".formatted(base, HOST, CLIENT_TOKEN));
  }

  /** Stops the host (if still running) and the hub. */
  @Override
  public void close() throws InterruptedException {
    host.destroyForcibly();
    hub.destroy();
    assertThat(hub.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }
}
