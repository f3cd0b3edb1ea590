package dev.rexd.hub.server;

import dev.rexd.core.auth.Authenticator;
import dev.rexd.core.auth.JwtAuthenticator;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.hub.wire.HubProtocol;
import dev.rexd.transport.http.server.HttpSecurity;
import dev.rexd.transport.http.server.JettyServers;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.http.server.RexdSecurityFilter;
import dev.rexd.transport.http.server.ServerTls;
import dev.rexd.transport.http.server.TransportUpgrader;
import dev.rexd.transport.http.server.WebSocketSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * A hub on an embedded Jetty 12: hosts that cannot be reached dial in on {@code /agents}
 * ({@code rexd --connect}), clients connect to {@code /ws} and reach any connected host through it
 * ({@code hub.hosts}, {@code session.open {host}}). The hub runs nothing itself: each host's own
 * configuration decides what a relayed client may do there. {@link Builder#mountPage} adds pages
 * such as the operator console, which then lists the hosts and their sessions.
 *
 * <pre>{@code
 * try (RexdHub hub = RexdHub.builder()
 *     .listen("0.0.0.0", 8443)
 *     .tls(ServerTls.keystore(Path.of("hub.p12"), "secret"))
 *     .host("web-1", TokenTable.sha256Hex(web1Token))
 *     .clientToken("agent", TokenTable.sha256Hex(agentToken), Role.AGENT)
 *     .listener(new HubListener() {
 *       public void hostConnected(HostEntry host) { System.err.println(host.name() + " is up"); }
 *     })
 *     .start()) {
 *   hub.join();
 * }
 * }</pre>
 */
public final class RexdHub implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RexdHub.class.getName());

  private final Server jetty;
  private final int port;
  private final String host;
  private final boolean tls;
  private final HostRegistry registry;
  private final List<TransportUpgrader> upgraders;
  private final ExecutorService events;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RexdHub(Server jetty, ServerConnector connector, Builder b, HostRegistry registry,
      List<TransportUpgrader> upgraders, ExecutorService events) {
    this.events = events;
    this.jetty = jetty;
    this.port = connector.getLocalPort();
    this.host = b.host;
    this.tls = b.tls != null;
    this.registry = registry;
    this.upgraders = upgraders;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port actually bound. */
  public int port() {
    return port;
  }

  /** Where hosts connect, e.g. {@code wss://127.0.0.1:8443/agents}. */
  public URI agentsUri() {
    return uri(HubProtocol.AGENTS_PATH);
  }

  /** Where clients connect, e.g. {@code wss://127.0.0.1:8443/ws}. */
  public URI wsUri() {
    return uri(HubProtocol.CLIENT_PATH);
  }

  private URI uri(String path) {
    return JettyServers.uri(tls ? "wss" : "ws", host, port, path);
  }

  /** The hosts connected now, by name. */
  public List<HostEntry> hosts() {
    return registry.entries();
  }

  /** Blocks until the hub stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Closes every host and client socket and stops Jetty. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    registry.closeAll();
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "stopping the hub failed", e);
    }
    upgraders.forEach(TransportUpgrader::close);
    events.shutdownNow();
  }

  /** Builds and starts a {@link RexdHub}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private @Nullable ServerTls tls;
    private boolean insecure;
    private final Map<String, String> hosts = new LinkedHashMap<>();
    private final TokenTable.Builder clientTokens = TokenTable.builder();
    private boolean anyClientToken;
    private final List<Authenticator> authenticators = new ArrayList<>();
    private final List<String> origins = new ArrayList<>();
    private final List<HubListener> listeners = new ArrayList<>();
    private final Map<String, HttpServlet> pages = new LinkedHashMap<>();
    private @Nullable JwtAuthenticator hostJwt;
    private WebSocketSettings webSocket = WebSocketSettings.defaults();
    private int maxMessageBytes = 16 << 20;
    private Duration hostWait = Duration.ofSeconds(5);
    private Duration channelTimeout = Duration.ofSeconds(10);
    private int maxSessions = 100_000;

    private Builder() {}

    /** The address and port to bind; port 0 picks a free one. */
    public Builder listen(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.host = host;
      this.port = port;
      return this;
    }

    /** Serve {@code wss} with this keystore. */
    public Builder tls(@Nullable ServerTls tls) {
      this.tls = tls;
      return this;
    }

    /** Allow a non-loopback address without client credentials (default false: {@link #start} refuses). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /**
     * Accepts host {@code name} with the token whose SHA-256 hex is {@code tokenSha256}.
     *
     * @throws IllegalArgumentException for an invalid name or hash
     */
    public Builder host(String name, String tokenSha256) {
      HubProtocol.checkHostName(name);
      if (hosts.putIfAbsent(name, tokenSha256) != null) {
        throw new IllegalArgumentException("host " + name + " is listed twice");
      }
      return this;
    }

    /**
     * Also accept hosts that present a JWT this authenticator verifies, named by its {@code host}
     * claim (build it with {@code roleClaim("host")}, or take {@link RexdConfig#hostJwt()}).
     */
    public Builder hostJwt(@Nullable JwtAuthenticator jwt) {
      this.hostJwt = jwt;
      return this;
    }

    /** A client token, by its SHA-256 hex, with the principal name and role it stands for. */
    public Builder clientToken(String name, String tokenSha256, Role role) {
      clientTokens.add(name, tokenSha256, role);
      anyClientToken = true;
      return this;
    }

    /** Who else may connect as a client: named tokens, JWTs (as a rexd server's {@code [auth]}). */
    public Builder authenticator(Authenticator authenticator) {
      if (authenticator != Authenticator.NONE) {
        authenticators.add(authenticator);
      }
      return this;
    }

    /** Browser origins allowed on {@code /ws} besides the hub's own. */
    public Builder allowedOrigins(Collection<String> allowed) {
      origins.addAll(allowed);
      return this;
    }

    /** Hears hosts connect and leave. */
    public Builder listener(HubListener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Serves a page at {@code pathSpec} (a servlet mapping such as {@code /console/*}) that anyone
     * may load before signing in, behind the Origin and Host checks of {@code /ws}: the operator
     * console ({@code new ConsoleServlet("/ws")} from {@code rexd-console}), which then lists the
     * hosts and their sessions over {@code /ws}.
     *
     * @throws IllegalArgumentException for a path that is not a mapping, or one the hub uses
     */
    public Builder mountPage(String pathSpec, HttpServlet servlet) {
      String base = pathSpec.endsWith("/*") ? pathSpec.substring(0, pathSpec.length() - 2) : pathSpec;
      if (!pathSpec.startsWith("/") || base.length() < 2 || base.contains("*")
          || base.equals(HubProtocol.CLIENT_PATH) || base.startsWith(HubProtocol.AGENTS_PATH)) {
        throw new IllegalArgumentException("a page needs a path like /name or /name/* that the hub does not use: "
            + pathSpec);
      }
      if (pages.putIfAbsent(pathSpec, servlet) != null) {
        throw new IllegalArgumentException("a page is already mounted at " + pathSpec);
      }
      return this;
    }

    /** Send timeout and keep-alive of every socket. */
    public Builder webSocket(WebSocketSettings settings) {
      this.webSocket = settings;
      return this;
    }

    /** How long a call for a host that is not connected waits for it before it fails (default 5 s). */
    public Builder hostWait(Duration wait) {
      this.hostWait = wait;
      return this;
    }

    /** How long the hub waits for a host's data connection after asking for it (default 10 s). */
    public Builder channelTimeout(Duration timeout) {
      this.channelTimeout = timeout;
      return this;
    }

    /**
     * The hosts ({@code [[hub.hosts]]}, and JWTs with a {@code host} claim under {@code [auth.jwt]})
     * and the client credentials ({@code [server] auth_token},
     * {@code [auth]}, {@code allowed_origins}) of a config file.
     *
     * @throws ConfigException for a bad host entry
     */
    public Builder config(RexdConfig config, Map<String, String> environment) {
      RexdConfig.HubSection hub = config.hub();
      List<RexdConfig.HubHostEntry> entries = hub == null || hub.hosts() == null ? List.of() : hub.hosts();
      for (int i = 0; i < entries.size(); i++) {
        RexdConfig.HubHostEntry e = entries.get(i);
        String where = "[[hub.hosts]] #" + (i + 1);
        if (e.name() == null || e.tokenSha256() == null) {
          throw new ConfigException(where + ": needs name and token_sha256");
        }
        try {
          host(e.name(), e.tokenSha256());
          TokenTable.builder().add(e.name(), e.tokenSha256(), Role.AGENT);
        } catch (IllegalArgumentException bad) {
          throw new ConfigException(where + ": " + bad.getMessage());
        }
      }
      authenticator(config.authenticator(environment));
      hostJwt(config.hostJwt());
      if (config.server() != null && config.server().allowedOrigins() != null) {
        allowedOrigins(config.server().allowedOrigins());
      }
      return this;
    }

    /**
     * Binds and starts.
     *
     * @throws IllegalStateException for a non-loopback address without client credentials and
     *     without {@link #insecure(boolean)}, or without any host
     * @throws IOException when the address cannot be bound or the keystore cannot be loaded
     */
    public RexdHub start() throws IOException {
      if (anyClientToken) {
        authenticators.add(clientTokens.build());
      }
      Authenticator clients = authenticators.isEmpty() ? Authenticator.NONE : Authenticator.anyOf(authenticators);
      if (authenticators.isEmpty() && !insecure && RexdHttpServer.requiresToken(host)) {
        throw new IllegalStateException("refusing to serve a hub on " + host
            + " without client credentials: anyone who can reach it could run commands on its hosts");
      }
      HostCredentials hostCredentials = HostCredentials.of(hosts, hostJwt);
      HostRegistry registry = new HostRegistry();
      listeners.forEach(registry::addListener);
      SessionDirectory directory = new SessionDirectory(maxSessions);
      HubTiming timing = new HubTiming(hostWait, channelTimeout);
      ExecutorService events = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rexd-hub-events");
        t.setDaemon(true);
        return t;
      });
      HttpSecurity security = HttpSecurity.builder()
          .authenticator(clients == Authenticator.NONE ? null : clients)
          .allowedOrigins(origins).insecure(insecure).build();

      TransportUpgrader hostSockets = new TransportUpgrader(webSocket, offered -> null);
      TransportUpgrader clientSockets = new TransportUpgrader(webSocket, security::acceptedSubprotocol);
      Map<String, HttpServlet> servlets = new LinkedHashMap<>();
      servlets.put(HubProtocol.AGENTS_PATH,
          new AgentsServlet(false, hostCredentials, clients, registry, hostSockets, maxMessageBytes));
      servlets.put(HubProtocol.DATA_PATH,
          new AgentsServlet(true, hostCredentials, clients, registry, hostSockets, maxMessageBytes));
      servlets.put(HubProtocol.CLIENT_PATH, new ClientServlet(security, hostCredentials,
          (socket, caller) -> new ClientRelay(socket, caller, registry, directory, timing, events), clientSockets,
          maxMessageBytes));

      Server jetty = JettyServers.create("rexd-hub", Duration.ofSeconds(1));
      ServerConnector connector = JettyServers.connector(jetty, host, port, tls);
      jetty.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      servlets.forEach((path, servlet) -> {
        ServletHolder holder = new ServletHolder("rexd-hub " + path, servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, path);
      });
      FilterHolder pageGuard = new FilterHolder(RexdSecurityFilter.forPages(security));
      pageGuard.setName("rexd-hub-page-security");
      pages.forEach((path, servlet) -> {
        context.addServlet(new ServletHolder("rexd-hub page " + path, servlet), path);
        context.addFilter(pageGuard, path, EnumSet.of(DispatcherType.REQUEST));
      });
      JakartaWebSocketServletContainerInitializer.configure(context, null);
      jetty.setHandler(context);
      List<TransportUpgrader> upgraders = List.of(hostSockets, clientSockets);
      try {
        JettyServers.start(jetty, "the hub on " + host + ":" + port);
      } catch (IOException e) {
        upgraders.forEach(TransportUpgrader::close);
        events.shutdownNow();
        throw e;
      }
      return new RexdHub(jetty, connector, this, registry, upgraders, events);
    }
  }
}
