package dev.rexd.transport.http.server;

import dev.rexd.api.Capabilities;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Authenticator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;

/**
 * An embedded Jetty 12 serving a {@link RexdServer}: {@code POST /rpc} ({@link RpcServlet}),
 * {@code GET /ws} ({@link RexdWebSocketServlet}), {@code GET /healthz} ({@link HealthServlet}),
 * {@code GET /metrics} ({@link MetricsServlet}) and any servlet {@linkplain Builder#mount mounted}
 * beside them, over plain HTTP or TLS. Every path but {@code /healthz} is behind the same
 * {@link RexdSecurityFilter} (token, Origin, Host; {@linkplain Builder#mountPage pages} only
 * Origin and Host). It refuses to listen on a non-loopback address without a token unless
 * told it is {@linkplain Builder#insecure(boolean) insecure}. Closing it stops Jetty (WebSocket
 * clients see {@code 1001}); the {@link RexdServer} and its sessions stay until the caller closes
 * it too.
 *
 * <pre>{@code
 * try (RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", 8080).token(t).start()) {
 *   System.err.println("serving " + http.wsUri());
 *   http.join();
 * }
 * }</pre>
 */
public final class RexdHttpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RexdHttpServer.class.getName());
  private static final String HEALTH_PATH = "/healthz";
  private static final String METRICS_PATH = "/metrics";

  private final Server jetty;
  private final int port;
  private final String host;
  private final boolean tls;
  private final String rpcPath;
  private final String wsPath;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RexdHttpServer(Server jetty, ServerConnector connector, Builder b) {
    this.jetty = jetty;
    this.port = connector.getLocalPort();
    this.host = b.host;
    this.tls = b.tls != null;
    this.rpcPath = b.rpcPath;
    this.wsPath = b.wsPath;
  }

  /** A builder for {@code server}: {@code 127.0.0.1}, an ephemeral port, {@code /rpc}, {@code /ws}. */
  public static Builder builder(RexdServer server) {
    return new Builder(server);
  }

  /**
   * Whether binding {@code host} needs a token (or an explicit insecure opt-in): true unless every
   * address it names is a loopback address.
   */
  public static boolean requiresToken(String host) {
    if (host.isBlank()) {
      return true;
    }
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return true;
        }
      }
      return false;
    } catch (UnknownHostException e) {
      return true;
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return port;
  }

  /** Where to POST, e.g. {@code http://127.0.0.1:8080/rpc}. */
  public URI rpcUri() {
    return uri(tls ? "https" : "http", rpcPath);
  }

  /** Where to open a WebSocket, e.g. {@code ws://127.0.0.1:8080/ws}. */
  public URI wsUri() {
    return uri(tls ? "wss" : "ws", wsPath);
  }

  /** The health probe, e.g. {@code http://127.0.0.1:8080/healthz}. */
  public URI healthUri() {
    return uri(tls ? "https" : "http", HEALTH_PATH);
  }

  private URI uri(String scheme, String path) {
    return JettyServers.uri(scheme, host, port, path);
  }

  /** Blocks until the server stopped. */
  public void join() throws InterruptedException {
    jetty.join();
  }

  /** Stops accepting, closes every socket and stops Jetty's threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      jetty.stop();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "stopping the HTTP server failed", e);
    }
  }

  /** Builds and starts a {@link RexdHttpServer}. */
  public static final class Builder {
    private final RexdServer server;
    private String host = "127.0.0.1";
    private int port;
    private String rpcPath = "/rpc";
    private String wsPath = "/ws";
    private @Nullable String token;
    private final List<String> origins = new ArrayList<>();
    private @Nullable ServerTls tls;
    private boolean insecure;
    private WebSocketSettings webSocket = WebSocketSettings.defaults();
    private Duration stopTimeout = Duration.ofSeconds(1);
    private final Map<String, HttpServlet> mounts = new LinkedHashMap<>();
    private final Map<String, HttpServlet> pages = new LinkedHashMap<>();
    private @Nullable Authenticator authenticator;

    private Builder(RexdServer server) {
      this.server = server;
    }

    /** The address and port to bind; port 0 picks a free one. */
    public Builder listen(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.host = host;
      this.port = port;
      return this;
    }

    /** The JSON-RPC POST path (default {@code /rpc}). */
    public Builder rpcPath(String path) {
      this.rpcPath = checkPath(path);
      return this;
    }

    /** The WebSocket path (default {@code /ws}). */
    public Builder wsPath(String path) {
      this.wsPath = checkPath(path);
      return this;
    }

    /** The bearer token every request must carry; null or empty for none. */
    public Builder token(@Nullable String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** Browser origins allowed besides the server's own, as {@code scheme://host[:port]}. */
    public Builder allowedOrigins(Collection<String> allowed) {
      origins.addAll(allowed);
      return this;
    }

    /** Serve HTTPS/WSS with this keystore (and client certificates, if it requires them). */
    public Builder tls(@Nullable ServerTls tls) {
      this.tls = tls;
      return this;
    }

    /** Allow a non-loopback address without a token (default false: {@link #start} refuses). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** Send timeout and keep-alive of WebSockets. */
    public Builder webSocket(WebSocketSettings settings) {
      this.webSocket = settings;
      return this;
    }

    /** How long {@link RexdHttpServer#close} lets in-flight requests finish (default 1 s). */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = timeout;
      return this;
    }

    /**
     * Serves {@code servlet} at {@code pathSpec} (a servlet mapping: {@code /console/*},
     * {@code /mcp}) behind the same token, Origin and Host checks as {@code /rpc} and {@code /ws};
     * the servlet finds the caller with {@link HttpCaller#of}. The servlet may go async and may
     * upgrade to WebSocket through the context's Jakarta {@code ServerContainer}.
     *
     * <pre>{@code
     * RexdHttpServer.builder(server).token(token).mount("/console/*", new ConsoleServlet()).start();
     * }</pre>
     *
     * @throws IllegalArgumentException for a path that is not a mapping, or one already taken
     */
    public Builder mount(String pathSpec, HttpServlet servlet) {
      String spec = checkMount(pathSpec);
      if (mounts.putIfAbsent(spec, servlet) != null) {
        throw new IllegalArgumentException("a servlet is already mounted at " + spec);
      }
      return this;
    }

    /**
     * Serves a page at {@code pathSpec} that anyone may load before signing in (the console's
     * files: they hold no secret, and the page authenticates its own calls): behind the Origin and
     * Host checks, not the token check.
     *
     * <pre>{@code
     * RexdHttpServer.builder(server).mountPage("/console/*", new ConsoleServlet("/ws")).start();
     * }</pre>
     *
     * @throws IllegalArgumentException for a path that is not a mapping, or one already taken
     */
    public Builder mountPage(String pathSpec, HttpServlet servlet) {
      String spec = checkMount(pathSpec);
      if (mounts.containsKey(spec) || pages.putIfAbsent(spec, servlet) != null) {
        throw new IllegalArgumentException("a servlet is already mounted at " + spec);
      }
      return this;
    }

    /** Who may call besides the {@link #token} holder: named tokens with roles, JWTs. */
    public Builder authenticator(@Nullable Authenticator authenticator) {
      this.authenticator = authenticator == Authenticator.NONE ? null : authenticator;
      return this;
    }

    /**
     * Binds and starts.
     *
     * @throws IllegalStateException for a non-loopback address without a token and without
     *     {@link #insecure(boolean)}
     * @throws IllegalArgumentException for bad paths or origins
     * @throws IOException when the address cannot be bound or the keystore cannot be loaded
     */
    public RexdHttpServer start() throws IOException {
      if (token == null && authenticator == null && !insecure && requiresToken(host)) {
        throw new IllegalStateException("refusing to listen on " + host
            + " without an auth token: anyone who can reach it could run commands");
      }
      List<String> taken = new ArrayList<>(List.of(rpcPath, wsPath, HEALTH_PATH, METRICS_PATH));
      taken.addAll(mounts.keySet());
      taken.addAll(pages.keySet());
      if (taken.stream().distinct().count() < taken.size()) {
        throw new IllegalArgumentException("the rpc, ws, /healthz and mounted paths must differ: " + taken);
      }
      HttpSecurity security = HttpSecurity.builder().token(token).authenticator(authenticator)
          .allowedOrigins(origins).insecure(insecure).build();

      Server jetty = JettyServers.create("rexd-http", stopTimeout);
      ServerConnector connector = JettyServers.connector(jetty, host, port, tls);
      jetty.addConnector(connector);

      ServletContextHandler context = new ServletContextHandler("/");
      FilterHolder guard = new FilterHolder(new RexdSecurityFilter(security));
      guard.setName("rexd-security");
      guard.setAsyncSupported(true);
      Map<String, HttpServlet> servlets = new LinkedHashMap<>();
      servlets.put(rpcPath, new RpcServlet(server, security));
      servlets.put(wsPath, new RexdWebSocketServlet(server, security, webSocket));
      servlets.put(METRICS_PATH, new MetricsServlet(server));
      servlets.putAll(mounts);
      for (Map.Entry<String, HttpServlet> e : servlets.entrySet()) {
        ServletHolder holder = new ServletHolder("rexd " + e.getKey(), e.getValue());
        holder.setAsyncSupported(true);
        context.addServlet(holder, e.getKey());
        context.addFilter(guard, e.getKey(), EnumSet.of(DispatcherType.REQUEST));
      }
      FilterHolder pageGuard = new FilterHolder(RexdSecurityFilter.forPages(security));
      pageGuard.setName("rexd-page-security");
      for (Map.Entry<String, HttpServlet> e : pages.entrySet()) {
        context.addServlet(new ServletHolder("rexd page " + e.getKey(), e.getValue()), e.getKey());
        context.addFilter(pageGuard, e.getKey(), EnumSet.of(DispatcherType.REQUEST));
      }
      context.addServlet(new ServletHolder("rexd-healthz", new HealthServlet()), HEALTH_PATH);
      JakartaWebSocketServletContainerInitializer.configure(context, null);
      jetty.setHandler(context);
      JettyServers.start(jetty, "HTTP on " + host + ":" + port);
      server.advertise(Capabilities.HTTP, Capabilities.REATTACH);
      return new RexdHttpServer(jetty, connector, this);
    }

    private static String checkMount(String spec) {
      String base = spec.endsWith("/*") ? spec.substring(0, spec.length() - 2) : spec;
      if (!spec.startsWith("/") || base.length() < 2 || base.contains("*") || spec.contains("?")
          || spec.contains("#")) {
        throw new IllegalArgumentException("a mount path must look like /name or /name/*: " + spec);
      }
      return spec;
    }

    private static String checkPath(String path) {
      if (!path.startsWith("/") || path.length() < 2 || path.contains("*")) {
        throw new IllegalArgumentException("a path must start with / and name something: " + path);
      }
      return path;
    }
  }
}
