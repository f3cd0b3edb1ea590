package dev.rexd.transport.http.client;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.rpc.RpcError;
import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdRemoteException;
import dev.rexd.client.RexdTransportException;
import dev.rexd.client.RexdUnauthorizedException;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.core.HandshakeException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client {@link Transport} over a WebSocket (Tyrus standalone client): one JSON-RPC message per
 * text frame both ways; responses and the events of every session used on the socket arrive on
 * it. Inbound frames reach the listener on one daemon reader thread through a bounded queue, so
 * a slow listener slows the socket instead of growing memory. Outbound frames leave one at a time
 * through a bounded queue drained by one writer thread (a WebSocket endpoint takes one message at
 * a time), so {@link #send} is safe from any number of threads; it blocks while the queue is full,
 * completes once the frame was written, and fails (closing the socket) when the server read
 * nothing for the send timeout. With {@link Builder#keepAlive}, it pings the server every interval
 * and ends (as a drop, so a reconnecting caller reconnects) when the server sent nothing, not
 * even a pong, for three intervals: a peer that stopped answering without closing TCP (a proxy
 * that stopped forwarding, a host that froze) is noticed in bounded time.
 *
 * <p>{@link Builder#connect()} throws no checked exception: a refused token ({@code 401}) or origin
 * ({@code 403}) is a {@code RexdUnauthorizedException} ({@code -32001}), as over {@code POST}; a
 * server that cannot be reached is a {@code RexdTransportException}.
 *
 * <pre>{@code
 * Transport t = WebSocketTransport.builder(URI.create("wss://build-7:8443/ws"))
 *     .token(System.getenv("REXD_AUTH_TOKEN"))
 *     .tls(ClientTls.builder().truststore(Path.of("rexd-ca.p12"), "secret").build())
 *     .configure(tyrus -> tyrus.getProperties().put(ClientProperties.PROXY_URI, "http://proxy:3128"))
 *     .connect();
 * }</pre>
 */
public final class WebSocketTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(WebSocketTransport.class.getName());
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final int INBOX_FRAMES = 256;
  private static final int OUTBOX_FRAMES = 64;

  /** Checks the keep-alive of every transport that has one; the pings themselves go on {@link #PINGS}. */
  private static final ScheduledExecutorService KEEP_ALIVE = Executors.newSingleThreadScheduledExecutor(
      daemon("rexd-ws-client-keepalive"));
  /** Sends pings and closes silent sockets, either of which may block on a stuck socket. */
  private static final ExecutorService PINGS = Executors.newCachedThreadPool(daemon("rexd-ws-client-ping"));

  private final String name = "rexd-ws-client-" + IDS.incrementAndGet();
  private final ClientManager client;
  private final Duration sendTimeout;
  private final AtomicBoolean pinging = new AtomicBoolean();
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile @Nullable ScheduledFuture<?> keepAlive;
  private final BlockingQueue<String> inbox = new ArrayBlockingQueue<>(INBOX_FRAMES);
  private final BlockingQueue<Outgoing> outbox = new ArrayBlockingQueue<>(OUTBOX_FRAMES);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile boolean ended;
  private volatile @Nullable Throwable endCause;
  private volatile @Nullable Session session;

  private WebSocketTransport(ClientManager client, Duration sendTimeout) {
    this.client = client;
    this.sendTimeout = sendTimeout;
  }

  /** A connected transport to a target's URL; typed {@link Transport} so a caller links no Tyrus class. */
  static Transport open(URI url, @Nullable String token, Map<String, String> headers, Duration connectTimeout) {
    Builder b = builder(url).token(token).connectTimeout(connectTimeout);
    headers.forEach(b::header);
    return b.connect();
  }

  /** A builder for {@code uri}, e.g. {@code ws://127.0.0.1:8080/ws}. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** One frame waiting for the writer, and who waits for it to be written. */
  private record Outgoing(String frame, CompletableFuture<Void> written) {}

  private void open(URI uri, ClientEndpointConfig config, @Nullable Duration keepAliveInterval) {
    try {
      session = client.connectToServer(new Inbound(), config, uri);
    } catch (DeploymentException | IOException | RuntimeException e) {
      client.shutdown();
      throw refusal(uri, e);
    }
    Thread writer = new Thread(this::writeLoop, name + "-writer");
    writer.setDaemon(true);
    writer.start();
    if (keepAliveInterval != null) {
      heard();
      long period = keepAliveInterval.toMillis();
      keepAlive = KEEP_ALIVE.scheduleAtFixedRate(() -> ping(period * 3), period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** The server showed it is alive (a message or a pong). */
  private void heard() {
    lastHeardNanos = System.nanoTime();
  }

  /** Ends the transport when the server was silent past {@code silenceMs}, else pings it. */
  private void ping(long silenceMs) {
    if (ended) {
      stopKeepAlive();
      return;
    }
    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    if (silentMs > silenceMs) {
      String why = "no message or pong from the server for " + silentMs + " ms";
      LOG.log(System.Logger.Level.WARNING, name + ": " + why + "; closing");
      ended(new TimeoutException(why));
      stopKeepAlive();
      PINGS.execute(this::close);
      return;
    }
    Session s = session;
    if (s == null || !pinging.compareAndSet(false, true)) {
      return; // the last ping is still waiting for the socket
    }
    PINGS.execute(() -> {
      try {
        s.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, name + ": ping failed: " + e);
      } finally {
        pinging.set(false);
      }
    });
  }

  private void stopKeepAlive() {
    ScheduledFuture<?> k = keepAlive;
    if (k != null) {
      k.cancel(false);
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A refused token or origin as the same {@code -32001} a POST gets; anything else as unreachable. */
  private static RuntimeException refusal(URI uri, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HandshakeException h) {
        int status = h.getHttpStatusCode();
        String message = status > 0 ? "upgrade refused with HTTP " + status + " (" + h.getMessage() + ")"
            : "upgrade refused (" + h.getMessage() + ")";
        if (status == 401 || status == 403) {
          ObjectNode data = JsonNodeFactory.instance.objectNode()
              .put("reason", status == 401 ? "unauthorized" : "forbidden").put("http_status", status);
          return RexdRemoteException.of("connect", new RpcError(ErrorCode.UNAUTHORIZED.code(),
              "cannot open " + uri + ": " + message, data));
        }
        return new RexdTransportException("cannot open " + uri + ": " + message, e);
      }
    }
    return new RexdTransportException("cannot open " + uri + ": " + e.getMessage(), e);
  }

  @Override
  public void start(Listener listener) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    Thread reader = new Thread(() -> readLoop(listener), name + "-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop(Listener listener) {
    try {
      while (true) {
        String frame = inbox.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null) {
          listener.onFrame(frame);
        } else if (ended) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      endCause = e;
      close();
    }
    client.shutdown();
    if (reported.compareAndSet(false, true)) {
      listener.onClosed(endCause);
    }
  }

  /** Blocks the socket's thread while the listener is behind (back-pressure), until the end. */
  private void received(String frame) {
    heard();
    try {
      while (!ended && !inbox.offer(frame, 100, TimeUnit.MILLISECONDS)) {
        // wait for the reader
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void ended(@Nullable Throwable cause) {
    if (endCause == null) {
      endCause = cause;
    }
    closed.set(true);
    ended = true;
    stopKeepAlive();
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    if (closed.get() || session == null) {
      return CompletableFuture.failedFuture(new IOException(name + " is closed"));
    }
    Outgoing out = new Outgoing(frame, new CompletableFuture<>());
    try {
      if (!outbox.offer(out, sendTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stuck();
        return CompletableFuture.failedFuture(new TimeoutException(name + ": the server read nothing for "
            + sendTimeout.toMillis() + " ms"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(e);
    }
    if (ended) {
      failQueued();
    }
    return out.written();
  }

  /** Writes the queued frames one at a time until the end; then fails what is left. */
  private void writeLoop() {
    try {
      while (!ended) {
        Outgoing out = outbox.poll(100, TimeUnit.MILLISECONDS);
        if (out != null) {
          write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }

  private void write(Outgoing out) throws InterruptedException {
    Session s = session;
    try {
      if (s == null) {
        throw new IOException(name + " is closed");
      }
      s.getAsyncRemote().sendText(out.frame()).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      out.written().complete(null);
    } catch (TimeoutException e) {
      out.written().completeExceptionally(e);
      stuck();
    } catch (ExecutionException e) {
      out.written().completeExceptionally(e.getCause() == null ? e : e.getCause());
    } catch (IOException | RuntimeException e) {
      out.written().completeExceptionally(e);
    }
  }

  /** The server read nothing for the send timeout: the socket is closed (on another thread, as it may block). */
  private void stuck() {
    LOG.log(System.Logger.Level.WARNING, name + ": the server read nothing for " + sendTimeout.toMillis()
        + " ms; closing");
    if (endCause == null) {
      endCause = new TimeoutException("the server read nothing for " + sendTimeout.toMillis() + " ms");
    }
    Thread closer = new Thread(this::close, name + "-closer");
    closer.setDaemon(true);
    closer.start();
  }

  private void failQueued() {
    for (Outgoing out; (out = outbox.poll()) != null; ) {
      out.written().completeExceptionally(new IOException(name + " is closed"));
    }
  }

  /** Closes the socket and the client's threads; the listener hears once, after earlier frames. */
  @Override
  public void close() {
    Session s = session;
    if (s != null && s.isOpen()) {
      try {
        s.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "client closing"));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, name + ": close failed: " + e);
      }
    }
    ended(null);
    if (!started.get()) {
      client.shutdown(); // else the reader does, after the last frame
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** Tyrus's view of the socket: frames into the inbox, the end into {@link #ended}. */
  private final class Inbound extends Endpoint {
    @Override
    public void onOpen(Session s, EndpointConfig config) {
      s.addMessageHandler(String.class, (MessageHandler.Whole<String>) WebSocketTransport.this::received);
      s.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> heard());
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
      boolean orderly = reason.getCloseCode().getCode() == CloseReason.CloseCodes.NORMAL_CLOSURE.getCode();
      ended(orderly ? null : new IOException("WebSocket closed by the server: "
          + reason.getCloseCode().getCode() + " " + reason.getReasonPhrase()));
    }

    @Override
    public void onError(Session s, Throwable error) {
      ended(error);
    }
  }

  /** Builds and connects a {@link WebSocketTransport}. */
  public static final class Builder extends TransportBuilder<Builder> {
    private Duration sendTimeout = Duration.ofSeconds(60);
    private int maxMessageBytes = 32 << 20;
    private @Nullable Duration keepAlive;
    private Consumer<ClientManager> configurer = tyrus -> { };

    private Builder(URI uri) {
      super(uri, "ws", "wss");
    }

    /** How long one frame may wait for a server that reads nothing before the socket closes (default 60 s). */
    public Builder sendTimeout(Duration timeout) {
      this.sendTimeout = timeout;
      return this;
    }

    /**
     * Pings the server every {@code interval} and ends the transport (as a drop) when the server
     * sent nothing, not even a pong, for three intervals; null (the default) sends no pings.
     */
    public Builder keepAlive(@Nullable Duration interval) {
      if (interval != null && (interval.isNegative() || interval.isZero())) {
        throw new IllegalArgumentException("the keep-alive interval must be positive");
      }
      this.keepAlive = interval;
      return this;
    }

    /** The largest inbound message accepted (default 32 MiB); a larger one closes the socket (1009). */
    public Builder maxMessageBytes(int max) {
      this.maxMessageBytes = max;
      return this;
    }

    /**
     * Adjusts each Tyrus client before it connects, after this builder's settings: a proxy
     * ({@code ClientProperties.PROXY_URI}, {@code PROXY_HEADERS}), TLS
     * ({@code ClientProperties.SSL_ENGINE_CONFIGURATOR}), timeouts, reconnect handlers.
     *
     * <pre>{@code
     * builder.configure(tyrus -> tyrus.getProperties().put(ClientProperties.PROXY_URI, "http://proxy:3128"));
     * }</pre>
     */
    public Builder configure(Consumer<ClientManager> configurer) {
      this.configurer = java.util.Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * Opens the socket.
     *
     * @throws RexdUnauthorizedException when the server refuses the token or the origin (HTTP 401
     *     or 403), as {@code -32001} like over POST
     * @throws RexdTransportException when the server cannot be reached or refuses the upgrade
     *     otherwise (the message names the HTTP status)
     */
    public WebSocketTransport connect() {
      ClientManager client = ClientManager.createClient();
      Map<String, Object> props = client.getProperties();
      props.put(ClientProperties.HANDSHAKE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
      props.put(ClientProperties.INCOMING_BUFFER_SIZE, maxMessageBytes);
      client.setDefaultMaxTextMessageBufferSize(maxMessageBytes);
      client.setDefaultMaxSessionIdleTimeout(0);
      if (tls != null) {
        SslEngineConfigurator ssl = new SslEngineConfigurator(tls.sslContext(), true, false, false);
        ssl.setHostVerificationEnabled(true);
        props.put(ClientProperties.SSL_ENGINE_CONFIGURATOR, ssl);
      }
      configurer.accept(client);
      Map<String, String> extra = new LinkedHashMap<>(headers);
      if (token != null) {
        extra.put("Authorization", "Bearer " + token);
      }
      ClientEndpointConfig config = ClientEndpointConfig.Builder.create()
          .configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> request) {
              extra.forEach((name, value) -> request.put(name, List.of(value)));
            }
          })
          .build();
      WebSocketTransport t = new WebSocketTransport(client, sendTimeout);
      t.open(uri, config, keepAlive);
      return t;
    }
  }
}
