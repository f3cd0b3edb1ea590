package dev.rexd.transport.http;

import dev.rexd.api.json.RexdJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A raw WebSocket client for tests (the JDK's), with explicit read demand: {@link #pause} stops
 * reading from the socket entirely, as a stuck client would. Counts {@code exec.stdout} bytes
 * instead of keeping them, so a flood does not fill the test's own heap.
 *
 * <pre>{@code
 * JdkSocket s = JdkSocket.open(uri, Map.of("Authorization", "Bearer t"), List.of());
 * JsonNode open = s.call("session.open", Map.of("client_name", "t"));
 * }</pre>
 */
final class JdkSocket implements WebSocket.Listener, AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  final AtomicLong stdoutBytes = new AtomicLong();
  final AtomicLong lastStdoutSeq = new AtomicLong();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean paused;
  private StringBuilder partial = new StringBuilder();
  private WebSocket ws;

  static JdkSocket open(URI uri, Map<String, String> headers, List<String> subprotocols) {
    JdkSocket s = new JdkSocket();
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    headers.forEach(b::header);
    if (!subprotocols.isEmpty()) {
      b.subprotocols(subprotocols.get(0), subprotocols.subList(1, subprotocols.size()).toArray(new String[0]));
    }
    s.ws = b.buildAsync(uri, s).join();
    return s;
  }

  /** The HTTP status of an upgrade the server must refuse. */
  static int refusedStatus(URI uri, Map<String, String> headers, List<String> subprotocols) {
    try {
      open(uri, headers, subprotocols).close();
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw e;
    }
    throw new AssertionError("the upgrade was accepted");
  }

  String subprotocol() {
    return ws.getSubprotocol();
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      JsonNode n = RexdJson.mapper().readTree(partial.toString());
      partial = new StringBuilder();
      if (n.path("method").asString("").equals("exec.stdout")) {
        JsonNode p = n.get("params");
        long seq = p.get("seq").asLong();
        if (seq != lastStdoutSeq.get() + 1) {
          messages.add(n); // out of order: let the test see it
        }
        lastStdoutSeq.set(seq);
        stdoutBytes.addAndGet(p.get("data").asString().length());
      } else {
        messages.add(n);
      }
    }
    if (!paused) {
      webSocket.request(1);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  /** Stops reading after the message being delivered now. */
  void pause() {
    paused = true;
  }

  /** Reads again. */
  void resume() {
    paused = false;
    ws.request(1);
  }

  void send(String text) {
    ws.sendText(text, true).join();
  }

  /** Sends a request without waiting; returns its id. */
  String request(String method, Object params) {
    String id = "j" + ids.incrementAndGet();
    send(RexdJson.mapper().writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method,
        "params", params)));
    return id;
  }

  /** Sends a request and waits for its response, keeping other messages queued. */
  JsonNode call(String method, Object params) throws InterruptedException {
    return response(request(method, params));
  }

  /** The response with this id (other messages stay queued, in order). */
  JsonNode response(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (JsonNode n : messages) {
        if (id.equals(n.path("id").asString(null))) {
          messages.remove(n);
          return n;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no response to " + id);
  }

  /** The params of the next event of this method, skipping others. */
  JsonNode event(String method, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode n = messages.poll(50, TimeUnit.MILLISECONDS);
      if (n != null && method.equals(n.path("method").asString(""))) {
        return n.get("params");
      }
    }
    throw new AssertionError("no " + method + " within " + within);
  }

  @Override
  public void close() {
    ws.abort();
  }
}
