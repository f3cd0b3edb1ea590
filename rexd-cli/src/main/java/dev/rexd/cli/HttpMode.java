package dev.rexd.cli;

import dev.rexd.core.RexdServer;
import dev.rexd.core.config.ConfigException;
import dev.rexd.console.ConsoleServlet;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.mcp.RexdMcpServer;
import dev.rexd.transport.http.recording.RecordingServlet;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.http.server.ServerTls;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.MimeTypes;
import org.jspecify.annotations.Nullable;

/**
 * {@code rexd --http HOST:PORT}: serves {@code POST /rpc}, {@code GET /ws}, the agent tools over
 * MCP's Streamable HTTP at {@code /mcp} (behind the same checks), {@code GET /healthz},
 * {@code GET /metrics} and, when {@code [console] enabled} (by default when tokens or a JWT key are
 * configured), the operator console at {@code /console/}, until SIGTERM, SIGINT or SIGHUP, then
 * stops Jetty and closes the server, which ends every session and every process group not started
 * detached. The token comes from {@code REXD_AUTH_TOKEN} or {@code [server] auth_token};
 * without one, a non-loopback address is refused unless {@code --insecure} is given.
 *
 * <pre>{@code
 * int status = new HttpMode(System.err, System.getenv()).serve(server, config, "127.0.0.1:8080", false);
 * }</pre>
 */
final class HttpMode {
  /** Where {@code rexd --http} serves the agent tools over MCP's Streamable HTTP. */
  static final String MCP_PATH = "/mcp";


  private final PrintStream err;
  private final Map<String, String> env;

  HttpMode(PrintStream err, Map<String, String> env) {
    this.err = err;
    this.env = env;
  }

  /** A {@code HOST:PORT} pair; IPv6 hosts in brackets ({@code [::1]:8080}); an empty host means all addresses. */
  record Listen(String host, int port) {
    static @Nullable Listen parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon < 0) {
        return null;
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        return null;
      }
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        return port < 0 || port > 65535 ? null : new Listen(host.isEmpty() ? "0.0.0.0" : host, port);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /**
   * Starts initialising Jetty's slowest class on a daemon thread, to overlap with reading the
   * config and building the server: its MIME table lists every installed locale, about 60 ms of a
   * start. Whoever needs the class first waits for the rest of its initialisation, as the JVM does.
   */
  static void initJettyInBackground() {
    Thread t = new Thread(() -> {
      try {
        Class.forName(MimeTypes.class.getName(), true, MimeTypes.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // the server's own start reports what is wrong with Jetty
      }
    }, "rexd-jetty-init");
    t.setDaemon(true);
    t.start();
  }

  /** Serves until the JVM is told to stop; returns the exit status (2 for usage and config errors). */
  int serve(RexdServer server, RexdConfig cfg, String listenArg, boolean insecure) {
    Listen listen = Listen.parse(listenArg);
    if (listen == null) {
      err.println("rexd: --http expects HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080), got '" + listenArg + "'");
      server.close();
      return 2;
    }
    boolean credentials = cfg.hasCredentials(env);
    if (!credentials && RexdHttpServer.requiresToken(listen.host())) {
      if (!insecure) {
        err.println("rexd: refusing to serve --http on " + listen.host() + " without an auth token: anyone who"
            + " can reach it could run commands. Set [server] auth_token or " + RexdConfig.TOKEN_ENV
            + ", bind a loopback address, or pass --insecure to serve without authentication.");
        server.close();
        return 2;
      }
      err.println("rexd: WARNING: --insecure: serving " + listen.host() + " without authentication");
    }
    RexdConfig.ServerSection section = cfg.server();
    RexdHttpServer http;
    boolean console = cfg.consoleEnabled(env);
    String wsPath = orDefault(section == null ? null : section.wsPath(), "/ws");
    try {
      RexdHttpServer.Builder builder = RexdHttpServer.builder(server);
      server.recorder().ifPresent(r -> builder.mount(RecordingServlet.PATH, new RecordingServlet(r)));
      if (console) {
        builder.mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet(wsPath));
      }
      builder.mount(MCP_PATH, RexdMcpServer.streamableHttp(MCP_PATH, RexdServer.VERSION, new McpCallers(server)));
      http = builder
          .listen(listen.host(), listen.port())
          .rpcPath(orDefault(section == null ? null : section.httpPath(), "/rpc"))
          .wsPath(wsPath)
          .authenticator(cfg.authenticator(env))
          .allowedOrigins(section == null || section.allowedOrigins() == null ? List.of() : section.allowedOrigins())
          .tls(tls(section))
          .insecure(insecure)
          .start();
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("rexd: config: " + e.getMessage());
      server.close();
      return 2;
    } catch (IOException e) {
      err.println("rexd: " + e.getMessage());
      server.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("rexd: stopping: closing connections, sessions and process groups");
      // each step runs even when one before it fails: the process groups must end either way
      try {
        http.close();   // destroys /mcp, which closes each caller's tools
      } finally {
        server.close();
      }
    }, "rexd-shutdown"));
    err.println("rexd " + RexdServer.VERSION + ": serving POST " + http.rpcUri() + ", WebSocket " + http.wsUri()
        + ", MCP " + http.healthUri().resolve(MCP_PATH) + ", GET " + http.healthUri()
        + "; auth " + (credentials ? "bearer token or JWT" : "none")
        + "; roots " + server.allowedRoots());
    if (console) {
      err.println("rexd: operator console: " + http.rpcUri().resolve("/console/") + " (sign in with a viewer or"
          + " operator token)");
    }
    try {
      http.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    server.close();
    return 0;
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /** {@code [server.tls]}: a PKCS12 keystore, optionally a truststore and required client certificates. */
  static @Nullable ServerTls tls(RexdConfig.@Nullable ServerSection section) {
    RexdConfig.TlsSection t = section == null ? null : section.tls();
    if (t == null) {
      return null;
    }
    if (t.keystore() == null || t.keystore().isBlank()) {
      throw new ConfigException("[server.tls] needs keystore (a PKCS12 file)");
    }
    Path truststore = t.truststore() == null || t.truststore().isBlank() ? null : Path.of(t.truststore());
    return new ServerTls(Path.of(t.keystore()), orDefault(t.keystorePassword(), ""), truststore,
        t.truststorePassword(), Boolean.TRUE.equals(t.requireClientCert()));
  }
}
