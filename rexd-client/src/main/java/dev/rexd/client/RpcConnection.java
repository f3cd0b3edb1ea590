package dev.rexd.client;

import dev.rexd.api.RexdException;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcMessage;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.JsonRpcRequest;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC peer under every client: owns the transport, numbers requests and matches responses
 * by id, enforces each request's deadline, routes events by process or terminal id to their
 * {@link EventSink}, and fails everything pending at once when the connection ends.
 *
 * <p>When a connection that can be opened again ({@code connector} given) fails, it reconnects
 * under its {@link ReconnectPolicy}: the calls in flight on the lost transport fail with
 * {@link RexdTransportException}, later calls wait for the new transport (within their deadline),
 * every {@link #attach attached} session is named again on it (so the server sends its events
 * there), and every route hears {@link EventSink#onReconnected} to fetch what it missed. Only when
 * every attempt failed does the connection end.
 *
 * <p>The transport's reader thread only decodes frames, completes raw futures and hands events to
 * sinks (which may block it when a consumer is slow: that is the back-pressure). Everything that
 * runs user code goes through {@link #execute} onto the worker pool.
 *
 * <pre>{@code
 * RpcConnection c = new RpcConnection(transport);
 * JsonNode result = c.request("fs.stat", params, Duration.ofSeconds(30), null).join();
 * }</pre>
 */
final class RpcConnection {
  private static final System.Logger LOG = System.getLogger(RpcConnection.class.getName());
  private static final AtomicLong IDS = new AtomicLong();
  private static final long CLOSE_GRACE_MS = 2_000;

  private final String name = "rexd-client-" + IDS.incrementAndGet();
  private final @Nullable Supplier<Transport> connector;
  private final ReconnectPolicy reconnect;
  private final RexdEventListener events;
  private volatile Link link;
  /** Set while reconnecting: completes when the new transport is ready, fails when every attempt failed. */
  private volatile @Nullable CompletableFuture<Void> reconnected;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService workers;
  private final AtomicLong nextId = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, EventSink> routes = new ConcurrentHashMap<>();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile @Nullable RexdTransportException endCause;
  private volatile long maxFrameBytes = Long.MAX_VALUE;

  /** A sink of the events of one process or terminal. */
  interface EventSink {
    /** One event, on the transport's reader thread; may block to slow the server down. */
    void onEvent(String method, JsonNode params) throws InterruptedException;

    /** One output event read without a tree ({@link OutputEventReader}), like {@link #onEvent}. */
    void onOutput(Chunk chunk) throws InterruptedException;

    /** The connection ended before the process or terminal did. */
    void onDisconnect(RexdTransportException cause);

    /** The connection was lost and a new one is being opened: hold what arrives until caught up. */
    default void onLinkLost() {}

    /** The connection was lost and is back, with the sessions reattached: fetch what was missed (on a worker). */
    default void onReconnected() {}
  }

  /** One request in flight: where it was written (null while it waits for a reconnect). */
  private static final class Pending {
    final String method;
    final @Nullable Consumer<JsonNode> onResult;
    final CompletableFuture<JsonNode> future = new CompletableFuture<>();
    final TimeoutTask timeout = new TimeoutTask();
    final long startNanos = System.nanoTime();
    final long requestBytes;
    volatile @Nullable Link sentOn;

    Pending(String method, @Nullable Consumer<JsonNode> onResult, long requestBytes) {
      this.method = method;
      this.onResult = onResult;
      this.requestBytes = requestBytes;
    }

    Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - startNanos);
    }
  }

  /** One transport of this connection and the listener that knows which one it is. */
  private final class Link implements Transport.Listener {
    final Transport transport;

    Link(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void onFrame(String json) {
      if (link == this) {
        RpcConnection.this.onFrame(json);
      }
    }

    @Override
    public void onFrame(byte[] utf8, int off, int len) {
      if (link == this) {
        RpcConnection.this.onFrame(utf8, off, len);
      }
    }

    @Override
    public void onClosed(@Nullable Throwable cause) {
      RpcConnection.this.onClosed(this, cause);
    }

    @Override
    public void onOversizedFrame(long length) {
      LOG.log(System.Logger.Level.WARNING, name + " skipped an inbound frame of " + length + " bytes (too large)");
    }
  }

  /** Holds a request's timeout task, set after the pending entry is published. */
  private static final class TimeoutTask {
    private volatile @Nullable ScheduledFuture<?> task;

    void cancel() {
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
    }
  }

  /** A connection over a transport that is not opened again when it fails. */
  RpcConnection(Transport transport) {
    this(transport, null, ReconnectPolicy.none(), new RexdEventListener() { });
  }

  /**
   * A connection over {@code transport}; when it fails and {@code connector} is given, it is
   * replaced by what {@code connector} opens, under {@code reconnect}.
   */
  RpcConnection(Transport transport, @Nullable Supplier<Transport> connector, ReconnectPolicy reconnect,
      RexdEventListener events) {
    this.link = new Link(transport);
    this.connector = connector;
    this.reconnect = reconnect;
    this.events = events;
    this.timer = new ScheduledThreadPoolExecutor(1, threads(name + "-timer", false));
    this.timer.setRemoveOnCancelPolicy(true);
    this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        threads(name + "-worker-", true));
  }

  /** Starts reading; returns this. */
  RpcConnection start() {
    Link l = link;
    l.transport.start(l);
    return this;
  }

  /** The name its threads carry, e.g. {@code rexd-client-3}. */
  String name() {
    return name;
  }

  /**
   * Sends one request. The future completes with the result node, or fails with
   * {@link RexdRemoteException}, {@link RexdTimeoutException} or {@link RexdTransportException}.
   * {@code onResult} runs on the reader thread before any later frame is read (so a process's
   * route exists before its first event); it must be quick.
   */
  CompletableFuture<JsonNode> request(String method, @Nullable JsonNode params, Duration timeout,
      @Nullable Consumer<JsonNode> onResult) {
    long id = nextId.incrementAndGet();
    String frame = JsonRpcCodec.encode(new JsonRpcRequest(JsonNodeFactory.instance.numberNode(id), method, params));
    long limit = maxFrameBytes;
    long bytes = utf8Length(frame);
    if (bytes > limit) {
      return CompletableFuture.failedFuture(new RexdClientException(method + " request is larger than the server's"
          + " max_message_bytes (" + limit + ")"));
    }
    Pending p = new Pending(method, onResult, bytes);
    pending.put(id, p);
    RexdTransportException cause = endCause;
    if (cause != null) {
      pending.remove(id);
      return CompletableFuture.failedFuture(cause);
    }
    quietly(() -> events.callStart(method, bytes));
    try {
      p.timeout.task = timer.schedule(() -> fail(id, p, new RexdTimeoutException(method, timeout)),
          timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      fail(id, p, closedException());
      return p.future;
    }
    CompletableFuture<Void> gate = reconnected;
    if (gate == null || gate.isDone()) {
      write(id, p, frame);
    } else {
      gate.whenComplete((v, e) -> {
        if (e == null) {
          write(id, p, frame);
        }
      });
    }
    return p.future;
  }

  /** Writes a pending request's frame on the current transport. */
  private void write(long id, Pending p, String frame) {
    Link l = link;
    p.sentOn = l;
    try {
      l.transport.send(frame).whenComplete((v, e) -> {
        if (e != null) {
          fail(id, p, new RexdTransportException("cannot send " + p.method + ": " + Await.unwrap(e).getMessage(), e));
        }
      });
    } catch (RuntimeException e) {
      fail(id, p, new RexdTransportException("cannot send " + p.method + ": " + e.getMessage(), e));
    }
  }

  private void fail(long id, Pending p, RexdClientException e) {
    if (pending.remove(id, p)) {
      failed(p, e);
    }
  }

  /** Completes a request removed from the pending table with a failure, and tells the listener. */
  private void failed(Pending p, RexdClientException e) {
    p.timeout.cancel();
    quietly(() -> events.callFailed(p.method, p.elapsed(), e));
    p.future.completeExceptionally(e);
  }

  /** The size of {@code s} in UTF-8, without encoding it. */
  static long utf8Length(String s) {
    long n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return n;
  }

  /** Runs a listener method; what it throws is logged, never passed on. */
  private void quietly(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, name + ": the event listener failed", e);
    }
  }

  /** Runs {@code task} once after {@code delay} on the timer thread. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} on a worker thread, or on this thread once the workers are gone. */
  void execute(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /** Sends later events of {@code key} ({@code exec:<process_id>}, {@code pty:<pty_id>}) to {@code sink}. */
  void route(String key, EventSink sink) {
    RexdTransportException cause = endCause;
    if (cause != null) {
      sink.onDisconnect(cause);
      return;
    }
    routes.put(key, sink);
  }

  /** Names {@code sessionId} again on every new transport after a reconnect, until {@link #detach}. */
  void attach(String sessionId) {
    sessions.add(sessionId);
  }

  /** Stops reattaching {@code sessionId}. */
  void detach(String sessionId) {
    sessions.remove(sessionId);
  }

  /** Stops routing events of {@code key}. */
  void unroute(String key) {
    routes.remove(key);
  }

  /** Bounds later requests to the server's {@code max_message_bytes}. */
  void maxFrameBytes(long bytes) {
    maxFrameBytes = bytes;
  }

  boolean isOpen() {
    return endCause == null;
  }

  /** Whether events arrive on this connection; without them exec is followed by {@link ExecPoller}. */
  boolean carriesEvents() {
    return link.transport.carriesEvents();
  }

  /** Output events are read straight from the bytes; other frames as a tree. */
  private void onFrame(byte[] utf8, int off, int len) {
    OutputEventReader.Output output = OutputEventReader.read(utf8, off, len);
    if (output == null) {
      onTree(new String(utf8, off, len, StandardCharsets.UTF_8), len);
    } else {
      onOutput(output);
    }
  }

  private void onFrame(String json) {
    OutputEventReader.Output output = OutputEventReader.read(json);
    if (output == null) {
      onTree(json, -1);
    } else {
      onOutput(output);
    }
  }

  private void onOutput(OutputEventReader.Output output) {
    EventSink sink = routes.get(output.routeKey());
    if (sink != null) {
      deliver(output.chunk().stream() + " output", () -> sink.onOutput(output.chunk()));
    }
  }

  /** A frame read as a tree; {@code bytes} is its UTF-8 size, or -1 when not known yet. */
  private void onTree(String json, long bytes) {
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(JsonRpcCodec.parse(json));
    } catch (RexdException e) {
      LOG.log(System.Logger.Level.WARNING, name + " ignored a frame it cannot read: " + e.getMessage());
      return;
    }
    if (message instanceof JsonRpcResponse) {
      onResponse((JsonRpcResponse) message, bytes >= 0 ? bytes : utf8Length(json));
    } else if (message instanceof JsonRpcNotification) {
      onEvent((JsonRpcNotification) message);
    } else {
      LOG.log(System.Logger.Level.DEBUG, name + " ignored a request from the server");
    }
  }

  private void onResponse(JsonRpcResponse r, long bytes) {
    if (!r.id().canConvertToLong()) {
      LOG.log(System.Logger.Level.WARNING, name + " got a response without a usable id: "
          + (r.error() == null ? "" : r.error().message()));
      return;
    }
    Pending p = pending.remove(r.id().asLong());
    if (p == null) {
      return;
    }
    if (r.error() != null) {
      failed(p, RexdRemoteException.of(p.method, r.error()));
      return;
    }
    JsonNode result = r.result() == null ? JsonNodeFactory.instance.nullNode() : r.result();
    try {
      if (p.onResult != null) {
        p.onResult.accept(result);
      }
    } catch (RuntimeException e) {
      failed(p, new RexdClientException("cannot handle the result of " + p.method, e));
      return;
    }
    p.timeout.cancel();
    quietly(() -> events.callEnd(p.method, p.elapsed(), p.requestBytes, bytes));
    p.future.complete(result);
  }

  private void onEvent(JsonRpcNotification n) {
    JsonNode params = n.params();
    String key = params == null ? null : routeKey(n.method(), text(params.get("process_id")),
        text(params.get("pty_id")));
    EventSink sink = key == null ? null : routes.get(key);
    if (sink != null && params != null) {
      deliver(n.method(), () -> sink.onEvent(n.method(), params));
    }
  }

  /** Hands one event to its sink on the reader thread; a failing sink is logged, never fatal. */
  private void deliver(String what, Delivery delivery) {
    try {
      delivery.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, name + " could not deliver " + what, e);
    }
  }

  @FunctionalInterface
  private interface Delivery {
    void run() throws InterruptedException;
  }

  /**
   * The route key of an event: {@code exec:<process_id>} for exec events, {@code pty:<pty_id>} for
   * pty events; null when the event has no such id.
   */
  static @Nullable String routeKey(String method, @Nullable String processId, @Nullable String ptyId) {
    if (method.startsWith("exec.")) {
      return processId == null ? null : "exec:" + processId;
    }
    if (method.startsWith("pty.")) {
      return ptyId == null ? null : "pty:" + ptyId;
    }
    return null;
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node != null && node.isString() ? node.asString() : null;
  }

  /** A transport ended: the end of the connection, or of one transport that is replaced. */
  private void onClosed(Link closed, @Nullable Throwable cause) {
    if (link != closed || ended.get()) {
      return;
    }
    boolean retry = cause != null && connector != null && reconnect.attempts() > 0;
    quietly(() -> events.connectionLost(cause == null ? new RexdTransportException("closed by the server", null)
        : cause, retry));
    if (!retry) {
      end(new RexdTransportException(cause == null ? "connection closed by the server"
          : "connection failed: " + cause.getMessage(), cause));
      closed.transport.close();
      stopThreads();
      return;
    }
    reconnected = new CompletableFuture<>();
    routes.values().forEach(EventSink::onLinkLost);
    RexdTransportException lost = new RexdTransportException("connection lost while waiting for the answer ("
        + cause.getMessage() + "); reconnecting", cause);
    pending.forEach((id, p) -> {
      if (p.sentOn == closed) {
        fail(id, p, lost);
      }
    });
    closed.transport.close();
    execute(() -> reconnect(cause));
  }

  /** Opens a new transport under the policy, reattaches the sessions and lets the routes catch up. */
  private void reconnect(Throwable cause) {
    Throwable last = cause;
    for (int attempt = 1; attempt <= reconnect.attempts() && !ended.get(); attempt++) {
      try {
        Thread.sleep(reconnect.delay(attempt).toMillis());
        Link next = new Link(connector.get());
        link = next;
        next.transport.start(next);
        reattachSessions();
        CompletableFuture<Void> gate = reconnected;
        reconnected = null;
        if (gate != null) {
          gate.complete(null);
        }
        int attempts = attempt;
        quietly(() -> events.reconnected(attempts));
        routes.values().forEach(sink -> execute(sink::onReconnected));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RexdUnauthorizedException e) {
        last = e;
        break;
      } catch (RuntimeException e) {
        last = e;
        LOG.log(System.Logger.Level.DEBUG, name + ": reconnect attempt " + attempt + " failed: " + e);
      }
    }
    RexdTransportException gaveUp = new RexdTransportException("connection lost (" + cause.getMessage()
        + ") and reconnecting failed: " + last.getMessage(), last);
    CompletableFuture<Void> gate = reconnected;
    end(gaveUp);
    if (gate != null) {
      gate.completeExceptionally(gaveUp);
    }
    link.transport.close();
    stopThreads();
  }

  /**
   * Names every attached session on the new transport, so the server sends its events there; a
   * session the server no longer knows is dropped, and its routes end.
   */
  private void reattachSessions() {
    for (String id : List.copyOf(sessions)) {
      ObjectNode params = JsonNodeFactory.instance.objectNode().put("session_id", id);
      long rid = nextId.incrementAndGet();
      Pending p = new Pending("session.info", null, 0);
      pending.put(rid, p);
      write(rid, p, JsonRpcCodec.encode(new JsonRpcRequest(JsonNodeFactory.instance.numberNode(rid), "session.info",
          params)));
      try {
        p.future.get(CLOSE_GRACE_MS * 5, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        pending.remove(rid);
        Throwable why = e.getCause() == null ? e : e.getCause();
        if (why instanceof RexdRemoteException remote && remote.isSessionNotFound()) {
          sessions.remove(id);
          LOG.log(System.Logger.Level.WARNING, name + ": session " + id + " did not survive the reconnect");
          continue;
        }
        throw new RexdTransportException("cannot reattach session " + id + ": " + why.getMessage(), why);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RexdTransportException("interrupted while reattaching", e);
      }
    }
  }

  /** Closes the connection: pending calls and live streams fail at once, threads end. Idempotent. */
  void close() {
    end(closedException());
    CompletableFuture<Void> gate = reconnected;
    if (gate != null) {
      gate.completeExceptionally(closedException());
    }
    link.transport.close();
    stopThreads();
  }

  private RexdTransportException closedException() {
    RexdTransportException cause = endCause;
    return cause != null ? cause : new RexdTransportException("client closed", null);
  }

  private void end(RexdTransportException cause) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    endCause = cause;
    List<Long> ids = new ArrayList<>(pending.keySet());
    for (Long id : ids) {
      Pending p = pending.remove(id);
      if (p != null) {
        failed(p, cause);
      }
    }
    List<EventSink> sinks = new ArrayList<>(routes.values());
    routes.clear();
    sinks.forEach(s -> s.onDisconnect(cause));
  }

  private void stopThreads() {
    timer.shutdownNow();
    workers.shutdown();
    if (Thread.currentThread().getName().startsWith(name + "-")) {
      return;
    }
    try {
      if (!workers.awaitTermination(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
        workers.awaitTermination(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
      }
      timer.awaitTermination(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
