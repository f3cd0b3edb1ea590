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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON-RPC peer under every client: owns the transport, numbers requests and matches responses
 * by id, enforces each request's deadline, routes events by process or terminal id to their
 * {@link EventSink}, and fails everything pending at once when the connection ends.
 *
 * <p>The transport's reader thread only decodes frames, completes raw futures and hands events to
 * sinks (which may block it when a consumer is slow: that is the back-pressure). Everything that
 * runs user code goes through {@link #execute} onto the worker pool.
 *
 * {@code
 * RpcConnection c = new RpcConnection(transport);
 * JsonNode result = c.request("fs.stat", params, Duration.ofSeconds(30), null).join();
 * }
 */
final class RpcConnection implements Transport.Listener {
  private static final System.Logger LOG = System.getLogger(RpcConnection.class.getName());
  private static final AtomicLong IDS = new AtomicLong();
  private static final long CLOSE_GRACE_MS = 2_000;

  private final String name = "rexd-client-" + IDS.incrementAndGet();
  private final Transport transport;
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
  }

  private record Pending(String method, @Nullable Consumer<JsonNode> onResult, CompletableFuture<JsonNode> future,
      TimeoutTask timeout) {}

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

  RpcConnection(Transport transport) {
    this.transport = transport;
    this.timer = new ScheduledThreadPoolExecutor(1, threads(name + "-timer", false));
    this.timer.setRemoveOnCancelPolicy(true);
    this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        threads(name + "-worker-", true));
  }

  /** Starts reading; returns this. */
  RpcConnection start() {
    transport.start(this);
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
    Pending p = new Pending(method, onResult, new CompletableFuture<>(), new TimeoutTask());
    String frame = JsonRpcCodec.encode(new JsonRpcRequest(JsonNodeFactory.instance.numberNode(id), method, params));
    long limit = maxFrameBytes;
    if (frame.length() > limit / 3 && frame.getBytes(StandardCharsets.UTF_8).length > limit) {
      return CompletableFuture.failedFuture(new RexdClientException(method + " request is larger than the server's"
          + " max_message_bytes (" + limit + ")"));
    }
    pending.put(id, p);
    RexdTransportException cause = endCause;
    if (cause != null) {
      pending.remove(id);
      return CompletableFuture.failedFuture(cause);
    }
    try {
      p.timeout().task = timer.schedule(() -> fail(id, p, new RexdTimeoutException(method, timeout)),
          timeout.toMillis(), TimeUnit.MILLISECONDS);
      transport.send(frame).whenComplete((v, e) -> {
        if (e != null) {
          fail(id, p, new RexdTransportException("cannot send " + method + ": " + e.getMessage(), e));
        }
      });
    } catch (RejectedExecutionException e) {
      fail(id, p, closedException());
    } catch (RuntimeException e) {
      fail(id, p, new RexdTransportException("cannot send " + method + ": " + e.getMessage(), e));
    }
    return p.future();
  }

  private void fail(long id, Pending p, RexdClientException e) {
    if (pending.remove(id, p)) {
      p.timeout().cancel();
      p.future().completeExceptionally(e);
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
    return transport.carriesEvents();
  }

  /** Output events are read straight from the bytes; other frames as a tree. */
  @Override
  public void onFrame(byte[] utf8, int off, int len) {
    OutputEventReader.Output output = OutputEventReader.read(utf8, off, len);
    if (output == null) {
      onTree(new String(utf8, off, len, StandardCharsets.UTF_8));
    } else {
      onOutput(output);
    }
  }

  @Override
  public void onFrame(String json) {
    OutputEventReader.Output output = OutputEventReader.read(json);
    if (output == null) {
      onTree(json);
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

  private void onTree(String json) {
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(JsonRpcCodec.parse(json));
    } catch (RexdException e) {
      LOG.log(System.Logger.Level.WARNING, name + " ignored a frame it cannot read: " + e.getMessage());
      return;
    }
    if (message instanceof JsonRpcResponse) {
      onResponse((JsonRpcResponse) message);
    } else if (message instanceof JsonRpcNotification) {
      onEvent((JsonRpcNotification) message);
    } else {
      LOG.log(System.Logger.Level.DEBUG, name + " ignored a request from the server");
    }
  }

  private void onResponse(JsonRpcResponse r) {
    if (!r.id().canConvertToLong()) {
      LOG.log(System.Logger.Level.WARNING, name + " got a response without a usable id: "
          + (r.error() == null ? "" : r.error().message()));
      return;
    }
    Pending p = pending.remove(r.id().asLong());
    if (p == null) {
      return;
    }
    p.timeout().cancel();
    if (r.error() != null) {
      p.future().completeExceptionally(RexdRemoteException.of(p.method(), r.error()));
      return;
    }
    JsonNode result = r.result() == null ? JsonNodeFactory.instance.nullNode() : r.result();
    try {
      if (p.onResult() != null) {
        p.onResult().accept(result);
      }
      p.future().complete(result);
    } catch (RuntimeException e) {
      p.future().completeExceptionally(new RexdClientException("cannot handle the result of " + p.method(), e));
    }
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

  @Override
  public void onClosed(@Nullable Throwable cause) {
    end(new RexdTransportException(cause == null ? "connection closed by the server"
        : "connection failed: " + cause.getMessage(), cause));
    transport.close();
    stopThreads();
  }

  @Override
  public void onOversizedFrame(long length) {
    LOG.log(System.Logger.Level.WARNING, name + " skipped an inbound frame of " + length + " bytes (too large)");
  }

  /** Closes the connection: pending calls and live streams fail at once, threads end. Idempotent. */
  void close() {
    end(closedException());
    transport.close();
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
        p.timeout().cancel();
        p.future().completeExceptionally(cause);
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
