package dev.rexd.hub.host;

import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcMessage;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.JsonRpcRequest;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdUnauthorizedException;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.hub.wire.AttachParams;
import dev.rexd.hub.wire.HubProtocol;
import dev.rexd.hub.wire.OpenChannelParams;
import dev.rexd.hub.wire.RegisterParams;
import dev.rexd.transport.http.client.ClientTls;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A host that dials out: keeps one control connection to a hub ({@code /agents}) and, for each
 * client the hub relays, opens a data connection ({@code /agents/data}) and serves REXD over it
 * as a reattachable connection of {@code server} (same roots, limits, policy, sandbox and audit as
 * any other). The caller of a data connection is the client the hub names, capped at
 * {@link Builder#role}. After a drop it reconnects with bounded exponential backoff and jitter;
 * sessions and processes live on in {@code server}, so clients reattach and catch up. It pings the
 * hub on every connection ({@link Builder#keepAlive}), so a hub that stopped answering without
 * closing the connection counts as a drop within three intervals. It stops
 * for good when the hub refuses its token or another connection with the same credential
 * replaces it.
 *
 * <pre>{@code
 * try (HostConnector host = HostConnector.builder(server)
 *     .url(URI.create("wss://hub.example.com/agents"))
 *     .name("web-1")
 *     .token(System.getenv("REXD_HUB_TOKEN"))
 *     .listener(new HostConnector.Listener() {
 *       public void connected(URI hub, String name) { System.err.println("connected to " + hub); }
 *     })
 *     .start()) {
 *   host.awaitStop();
 * }
 * }</pre>
 */
public final class HostConnector implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HostConnector.class.getName());
  private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(10);
  /** How often a host pings the hub: a hub silent for three intervals (45 s) is taken for gone. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final RexdServer server;
  private final URI url;
  private final String name;
  private final String token;
  private final @Nullable ClientTls tls;
  private final @Nullable PinnedTrust pinned;
  private final Role granted;
  private final Map<String, String> labels;
  private final Backoff backoff;
  private final Duration connectTimeout;
  private final Duration keepAlive;
  private final Listener listener;
  private final ExecutorService channels;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CompletableFuture<@Nullable Throwable> stopped = new CompletableFuture<>();
  private volatile @Nullable Transport control;

  /** Hears the connector's state; called on its own thread. */
  public interface Listener {
    /** Registered with the hub (again, after a reconnect). */
    default void connected(URI hub, String name) {}

    /** The connection failed or dropped; the next attempt is in {@code retryIn}. */
    default void disconnected(String why, Duration retryIn) {}

    /** No more attempts: closed ({@code cause} null), token refused, or replaced. */
    default void stopped(@Nullable Throwable cause) {}
  }

  private HostConnector(Builder b, String token) {
    this.server = b.server;
    this.url = Objects.requireNonNull(b.url, "url");
    this.name = HubProtocol.checkHostName(Objects.requireNonNull(b.name, "name"));
    this.token = token;
    this.pinned = b.pinSha256 == null ? null : PinnedTrust.of(b.pinSha256);
    this.tls = pinned == null ? null : ClientTls.of(pinned.context(), pinned);
    this.granted = b.role;
    this.labels = Map.copyOf(b.labels);
    this.backoff = b.backoff;
    this.connectTimeout = b.connectTimeout;
    this.keepAlive = b.keepAlive;
    this.listener = b.listener;
    int id = IDS.incrementAndGet();
    this.channels = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "rexd-hub-channel-" + id);
      t.setDaemon(true);
      return t;
    });
  }

  /** A builder for a connector serving {@code server}. */
  public static Builder builder(RexdServer server) {
    return new Builder(server);
  }

  /** The hub's control URL. */
  public URI url() {
    return url;
  }

  /** Waits until the connector stopped; the cause, or null after {@link #close()}. */
  public @Nullable Throwable awaitStop() throws InterruptedException {
    try {
      return stopped.get();
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private void run() {
    int attempt = 0;
    while (stop.getCount() > 0) {
      String why;
      try {
        ControlLink link = connect();
        attempt = 0;
        listener.connected(url, name);
        Throwable cause = link.ended.join();
        if (link.replaced) {
          finish(new IllegalStateException("another connection of host " + name + " replaced this one"));
          return;
        }
        why = "connection to the hub closed" + (cause == null ? "" : ": " + cause.getMessage());
      } catch (RexdUnauthorizedException e) {
        finish(e);
        return;
      } catch (RuntimeException e) {
        String refusedPin = pinned == null ? null : pinned.lastMismatch();
        why = e.getMessage() + (refusedPin == null ? "" : ": " + refusedPin);
      }
      if (stop.getCount() == 0) {
        break;
      }
      attempt++;
      Duration wait = backoff.delay(attempt);
      LOG.log(System.Logger.Level.INFO, "hub " + url + ": " + why + "; retrying in " + wait.toMillis() + " ms");
      listener.disconnected(why, wait);
      try {
        if (stop.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    finish(null);
  }

  private void finish(@Nullable Throwable cause) {
    stop.countDown();
    channels.shutdown();
    if (stopped.complete(cause)) {
      listener.stopped(cause);
    }
  }

  /** Opens the control connection and registers; returns once the hub accepted the registration. */
  private ControlLink connect() {
    Transport socket = dial(url, Map.of());
    ControlLink link = new ControlLink();
    socket.start(link);
    control = socket;
    RegisterParams register = new RegisterParams(name, RexdServer.VERSION, server.capabilities(), labels);
    socket.send(JsonRpcCodec.encode(new JsonRpcRequest(JsonNodeFactory.instance.numberNode(1), HubProtocol.REGISTER,
        RexdJson.mapper().valueToTree(register))));
    try {
      link.registered.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return link;
    } catch (ExecutionException e) {
      socket.close();
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      socket.close();
      throw new IllegalStateException("the hub did not answer hub.register in " + connectTimeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      socket.close();
      throw new IllegalStateException("interrupted");
    }
  }

  private Transport dial(URI where, Map<String, String> extraHeaders) {
    WebSocketTransport.Builder b = WebSocketTransport.builder(where).token(token).header(HubProtocol.HOST_HEADER, name)
        .tls(tls).connectTimeout(connectTimeout).keepAlive(keepAlive);
    extraHeaders.forEach(b::header);
    return b.connect();
  }

  /** Opens the data connection of one channel and serves REXD over it once the hub attached it. */
  private void openChannel(String channelId) {
    AttachGate gate;
    try {
      gate = new AttachGate(dial(HubProtocol.dataUri(url), Map.of(HubProtocol.CHANNEL_HEADER, channelId)));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot open the data connection of channel " + channelId + ": "
          + e.getMessage());
      return;
    }
    try {
      JsonRpcMessage first = JsonRpcCodec.decode(JsonRpcCodec.parse(gate.firstFrame(ATTACH_TIMEOUT)));
      if (!(first instanceof JsonRpcNotification n) || !HubProtocol.ATTACH.equals(n.method())) {
        throw new IllegalArgumentException("the hub's first message is not " + HubProtocol.ATTACH);
      }
      AttachParams attach = RexdJson.mapper().treeToValue(n.params(), AttachParams.class);
      if (attach == null || !channelId.equals(attach.channelId())) {
        throw new IllegalArgumentException("hub.attach names another channel");
      }
      Principal caller = RelayedPrincipal.of(attach, granted);
      server.connectReattachable(gate, caller);
      LOG.log(System.Logger.Level.INFO, "serving " + caller.name() + " (" + caller.role().wireName()
          + ") relayed by the hub");
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "channel " + channelId + ": no hub.attach: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      gate.refuse();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "channel " + channelId + " refused: " + e.getMessage());
      gate.refuse();
    }
  }

  /** Stops reconnecting and closes the control connection; served sessions stay in the server. */
  @Override
  public void close() {
    stop.countDown();
    Transport c = control;
    if (c != null) {
      c.close();
    }
  }

  /** The host's end of the control connection. */
  private final class ControlLink implements Transport.Listener {
    final CompletableFuture<Void> registered = new CompletableFuture<>();
    final CompletableFuture<@Nullable Throwable> ended = new CompletableFuture<>();
    volatile boolean replaced;

    @Override
    public void onFrame(String json) {
      JsonRpcMessage message;
      try {
        message = JsonRpcCodec.decode(JsonRpcCodec.parse(json));
      } catch (RexdException e) {
        LOG.log(System.Logger.Level.WARNING, "malformed message from the hub: " + e.getMessage());
        return;
      }
      if (message instanceof JsonRpcResponse r) {
        if (r.error() == null) {
          registered.complete(null);
        } else {
          registered.completeExceptionally(new IllegalStateException("the hub refused hub.register: "
              + r.error().message()));
        }
      } else if (message instanceof JsonRpcNotification n && HubProtocol.OPEN_CHANNEL.equals(n.method())) {
        OpenChannelParams p = RexdJson.mapper().treeToValue(n.params(), OpenChannelParams.class);
        if (p != null && p.channelId() != null) {
          try {
            channels.execute(() -> openChannel(p.channelId()));
          } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.log(System.Logger.Level.DEBUG, "stopping; channel " + p.channelId() + " not opened");
          }
        }
      } else if (message instanceof JsonRpcNotification n && HubProtocol.REPLACED.equals(n.method())) {
        replaced = true;
      }
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
      registered.completeExceptionally(new IllegalStateException("the hub closed the connection"
          + (cause == null ? "" : ": " + cause.getMessage())));
      ended.complete(cause);
    }
  }

  /** Builds and starts a {@link HostConnector}. */
  public static final class Builder {
    private final RexdServer server;
    private @Nullable URI url;
    private @Nullable String name;
    private @Nullable String token;
    private @Nullable String pinSha256;
    private boolean insecure;
    private Role role = Role.AGENT;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration keepAlive = DEFAULT_KEEP_ALIVE;
    private Listener listener = new Listener() { };

    private Builder(RexdServer server) {
      this.server = server;
    }

    /** The hub's control URL, {@code wss://HUB/agents}. */
    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /** This host's name at the hub ({@code [a-z0-9][a-z0-9-]{0,62}}). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The host's token, sent as {@code Authorization: Bearer} (never in the URL). */
    public Builder token(@Nullable String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** Trust only the hub certificate with this SHA-256 (hex of its DER encoding). */
    public Builder pinSha256(@Nullable String sha256Hex) {
      this.pinSha256 = sha256Hex == null || sha256Hex.isBlank() ? null : sha256Hex;
      return this;
    }

    /** Allow plain {@code ws://} to a hub that is not on loopback (default false). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** The most a client relayed by the hub may do on this host (default {@code agent}). */
    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /** Labels shown in {@code hub.hosts}. */
    public Builder labels(Map<String, String> labels) {
      this.labels.putAll(labels);
      return this;
    }

    /** The wait before the first retry and the longest wait (default 500 ms and 30 s), with jitter. */
    public Builder backoff(Duration first, Duration max) {
      this.backoff = new Backoff(first, max);
      return this;
    }

    /** How long connecting and registering may take (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How often the host pings the hub on each of its connections (default 15 s); a connection on
     * which the hub sent nothing, not even a pong, for three intervals is taken for dead: the
     * control connection is then re-established as after any drop.
     */
    public Builder keepAlive(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("the keep-alive interval must be positive");
      }
      this.keepAlive = interval;
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The {@code [hub]} section of a config file: {@code url}, {@code name}, {@code token} (or
     * {@code REXD_HUB_TOKEN}), {@code pin_sha256}, {@code insecure}, {@code role}, {@code labels}.
     *
     * @throws ConfigException for a bad value
     */
    public Builder config(RexdConfig config, Map<String, String> environment) {
      RexdConfig.HubSection hub = config.hub();
      String envToken = environment.get(HubProtocol.TOKEN_ENV);
      token(envToken != null && !envToken.isEmpty() ? envToken : hub == null ? null : hub.token());
      if (hub == null) {
        return this;
      }
      try {
        if (hub.url() != null) {
          url(URI.create(hub.url()));
        }
        if (hub.name() != null) {
          name(hub.name());
        }
        pinSha256(hub.pinSha256());
        insecure(Boolean.TRUE.equals(hub.insecure()));
        if (hub.role() != null) {
          role(Role.parse(hub.role()));
        }
        if (hub.labels() != null) {
          labels(hub.labels());
        }
      } catch (IllegalArgumentException e) {
        throw new ConfigException("[hub] " + e.getMessage());
      }
      return this;
    }

    /**
     * Checks the settings and starts connecting (on a daemon thread); returns at once.
     *
     * @throws IllegalArgumentException without url, name or token, for a bad name or pin, or for
     *     plain {@code ws://} to a hub that is not on loopback without {@link #insecure}
     */
    public HostConnector start() {
      if (url == null || name == null) {
        throw new IllegalArgumentException("a hub connection needs a url and a name");
      }
      if (token == null) {
        throw new IllegalArgumentException("no hub token: set [hub] token or " + HubProtocol.TOKEN_ENV);
      }
      String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
      if (!scheme.equals("ws") && !scheme.equals("wss")) {
        throw new IllegalArgumentException("the hub URL must be wss:// (or ws://): " + url);
      }
      if (scheme.equals("ws") && !insecure && RexdHttpServer.requiresToken(String.valueOf(url.getHost()))) {
        throw new IllegalArgumentException("refusing plain ws:// to " + url.getHost()
            + ", which is not a loopback address: use wss://, or set [hub] insecure = true");
      }
      if (scheme.equals("ws") && pinSha256 != null) {
        throw new IllegalArgumentException("pin_sha256 needs a wss:// hub URL");
      }
      HostConnector c = new HostConnector(this, token);
      Thread t = new Thread(c::run, "rexd-hub-connector-" + name);
      t.setDaemon(true);
      t.start();
      return c;
    }
  }
}
