package dev.rexd.cli;

import dev.rexd.core.RexdServer;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.hub.host.HostConnector;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code rexd --connect wss://HUB/agents --name NAME}: this host dials out to a hub and serves
 * REXD over the connections it opened, with the roots, limits, policy, sandbox and audit of its
 * own config; reconnects after a drop, says on stderr where it is connected, and on SIGTERM,
 * SIGINT or SIGHUP closes the connection and ends its sessions and process groups. The token comes
 * from {@code REXD_HUB_TOKEN} or {@code [hub] token}; the flags override {@code [hub] url, name}.
 *
 * <pre>{@code
 * int status = new ConnectMode(System.err, System.getenv()).serve(server, config, "wss://hub/agents", "web-1");
 * }</pre>
 */
final class ConnectMode {
  private final PrintStream err;
  private final Map<String, String> env;

  ConnectMode(PrintStream err, Map<String, String> env) {
    this.err = err;
    this.env = env;
  }

  /** Serves until stopped; 0 after a signal, 1 when the hub refused this host for good, 2 for bad settings. */
  int serve(RexdServer server, RexdConfig cfg, @Nullable String url, @Nullable String name) {
    HostConnector connector;
    try {
      HostConnector.Builder b = HostConnector.builder(server).config(cfg, env);
      if (url != null) {
        b.url(URI.create(url));
      }
      if (name != null) {
        b.name(name);
      }
      connector = b.listener(new HostConnector.Listener() {
        @Override
        public void connected(URI hub, String host) {
          err.println("rexd: connected to hub " + hub + " as " + host);
        }

        @Override
        public void disconnected(String why, Duration retryIn) {
          err.println("rexd: not connected to the hub (" + why + "); retrying in " + retryIn.toMillis() + " ms");
        }
      }).start();
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("rexd: " + e.getMessage());
      server.close();
      return 2;
    }
    err.println("rexd " + RexdServer.VERSION + ": connecting to hub " + connector.url() + "; roots "
        + server.allowedRoots());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("rexd: stopping: closing the hub connection, sessions and process groups");
      try {
        connector.close();
      } finally {
        server.close();
      }
    }, "rexd-shutdown"));
    Throwable cause;
    try {
      cause = connector.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cause = null;
    }
    server.close();
    if (cause != null) {
      err.println("rexd: stopped: " + cause.getMessage());
      return 1;
    }
    return 0;
  }
}
