package dev.rexd.core.testing;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw JSON-RPC peer for tests: sends frames over any {@link Transport}, matches responses by id,
 * and records events and id-less responses in queues, so tests wait on data rather than sleep.
 *
 * <pre>{@code
 * WirePeer peer = new WirePeer(transport);
 * JsonNode open = peer.result("session.open", Map.of("client_name", "t"));
 * JsonNode exit = peer.nextEvent("exec.exit");
 * }</pre>
 */
public final class WirePeer implements AutoCloseable {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Transport transport;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  /** Responses whose id was null or which were batch arrays, in arrival order. */
  public final BlockingQueue<JsonNode> unmatched = new LinkedBlockingQueue<>();
  /** Notifications (events), in arrival order. */
  public final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
  /** Every inbound frame in arrival order, for ordering checks. */
  public final List<JsonNode> arrivals = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch closed = new CountDownLatch(1);

  public WirePeer(Transport transport) {
    this.transport = transport;
    transport.start(new Transport.Listener() {
      @Override
      public void onFrame(String json) {
        receive(json);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        closed.countDown();
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed", cause)));
      }
    });
  }

  private void receive(String json) {
    JsonNode node = RexdJson.mapper().readTree(json);
    arrivals.add(node);
    if (node.isObject() && node.has("method") && !node.has("id")) {
      events.add(node);
      return;
    }
    JsonNode id = node.get("id");
    CompletableFuture<JsonNode> f = id == null || id.isNull() ? null : pending.remove(id.asString());
    if (f != null) {
      f.complete(node);
    } else {
      unmatched.add(node);
    }
  }

  /** Sends a request and returns the whole response object. */
  public JsonNode call(String method, Object params) {
    return callAsync(method, params).join();
  }

  /** Sends a request; the future completes with the whole response object. */
  public CompletableFuture<JsonNode> callAsync(String method, Object params) {
    String id = "r" + ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode req = RexdJson.mapper().createObjectNode();
    req.put("jsonrpc", "2.0");
    req.put("id", id);
    req.put("method", method);
    req.set("params", RexdJson.mapper().valueToTree(params));
    // not joined: over HTTP POST the send completes only with its exchange, and a call in flight
    // must never hold up the next one
    transport.send(req.toString()).whenComplete((v, e) -> {
      if (e != null) {
        pending.remove(id);
        f.completeExceptionally(e);
      }
    });
    return f.orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The {@code result} of a call that must succeed. */
  public JsonNode result(String method, Object params) {
    JsonNode r = call(method, params);
    if (r.has("error")) {
      throw new AssertionError(method + " failed: " + r.get("error"));
    }
    return r.get("result");
  }

  /** The {@code error} object of a call that must fail. */
  public JsonNode error(String method, Object params) {
    JsonNode r = call(method, params);
    if (!r.has("error")) {
      throw new AssertionError(method + " succeeded but should fail: " + r);
    }
    return r.get("error");
  }

  /** Opens a session and returns its id. */
  public String openSession() {
    return result("session.open", Map.of("client_name", "test")).get("session_id").asString();
  }

  /** Sends one raw frame. */
  public void send(String frame) {
    transport.send(frame).join();
  }

  /** The next response that had no matching id (parse errors, batches). */
  public JsonNode nextUnmatched() throws InterruptedException {
    JsonNode n = unmatched.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    if (n == null) {
      throw new AssertionError("no response within " + TIMEOUT);
    }
    return n;
  }

  /** The next event of this method, skipping others. */
  public JsonNode nextEvent(String method) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode n = events.poll(100, TimeUnit.MILLISECONDS);
      if (n != null && n.get("method").asString().equals(method)) {
        return n.get("params");
      }
    }
    throw new AssertionError("no " + method + " event within " + TIMEOUT);
  }

  /** Every event of {@code processId} up to and including its {@code exitMethod} event, in order. */
  public List<JsonNode> eventsUntilExit(String processId, String exitMethod) throws InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode n = events.poll(100, TimeUnit.MILLISECONDS);
      if (n == null || !processId.equals(n.get("params").path("process_id").asString(""))) {
        continue;
      }
      out.add(n);
      if (n.get("method").asString().equals(exitMethod)) {
        return out;
      }
    }
    throw new AssertionError("no " + exitMethod + " for " + processId + " within " + TIMEOUT);
  }

  /** Waits until the transport reports its end. */
  public boolean awaitClosed(Duration d) throws InterruptedException {
    return closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    transport.close();
  }
}
