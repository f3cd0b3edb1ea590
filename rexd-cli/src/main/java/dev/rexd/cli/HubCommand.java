package dev.rexd.cli;

import dev.rexd.console.ConsoleServlet;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.hub.server.HubListener;
import dev.rexd.hub.server.RexdHub;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.hub.wire.HubProtocol;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rexd hub --http HOST:PORT --config FILE}: a hub for hosts that dial out. Hosts listed in
 * {@code [[hub.hosts]]} connect to {@code /agents}; clients authenticate on {@code /ws} as with
 * {@code rexd --http} ({@code [server] auth_token}, {@code [auth]}) and reach every connected host
 * through it. TLS from {@code [server.tls]}. The operator console at {@code /console/} lists the
 * hosts and their sessions ({@code [console] enabled}, on by default when client credentials are
 * configured). Stops on SIGTERM, SIGINT or SIGHUP.
 *
 * <pre>{@code
 * rexd hub --http 0.0.0.0:8443 --config /etc/rexd/hub.toml
 * }</pre>
 */
@Command(name = "hub", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Serve a hub: hosts dial in on /agents (rexd --connect), clients reach them on /ws.")
final class HubCommand implements Callable<Integer> {
  @Option(names = "--http", paramLabel = "HOST:PORT", required = true, description = "Where to listen.")
  String http = "";

  @Option(names = "--config", paramLabel = "FILE", description = "TOML config: [[hub.hosts]], [auth], [server.tls].")
  @Nullable Path config;

  @Option(names = "--insecure", description = "Allow a non-loopback address without client credentials.")
  boolean insecure;

  private final PrintStream err;
  private final Map<String, String> env;

  HubCommand(PrintStream err, Map<String, String> env) {
    this.err = err;
    this.env = env;
  }

  @Override
  public Integer call() {
    HttpMode.Listen listen = HttpMode.Listen.parse(http);
    if (listen == null) {
      err.println("rexd hub: --http expects HOST:PORT (e.g. 0.0.0.0:8443), got '" + http + "'");
      return 2;
    }
    RexdHub hub;
    try {
      RexdConfig cfg = config == null ? RexdConfig.defaults() : RexdConfig.load(config);
      RexdHub.Builder builder = RexdHub.builder();
      if (cfg.consoleEnabled(env)) {
        builder.mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet(HubProtocol.CLIENT_PATH));
      }
      hub = builder
          .listen(listen.host(), listen.port())
          .config(cfg, env)
          .tls(HttpMode.tls(cfg.server()))
          .insecure(insecure)
          .listener(new HubListener() {
            @Override
            public void hostConnected(HostEntry host) {
              err.println("rexd hub: host " + host.name() + " connected (rexd " + host.serverVersion() + ")");
            }

            @Override
            public void hostLeft(HostEntry host) {
              err.println("rexd hub: host " + host.name() + " left");
            }
          })
          .start();
    } catch (ConfigException | IllegalArgumentException | IllegalStateException e) {
      err.println("rexd hub: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("rexd hub: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "rexd-hub-shutdown"));
    err.println("rexd hub " + RexdServer.VERSION + ": hosts dial " + hub.agentsUri() + ", clients connect to "
        + hub.wsUri());
    try {
      hub.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    hub.close();
    return 0;
  }
}
