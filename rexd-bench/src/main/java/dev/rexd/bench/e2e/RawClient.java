package dev.rexd.bench.e2e;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import dev.rexd.client.ClientOutputEvents;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal JSON-RPC client over any {@link Transport}, written for the harness (it does not wait
 * for rexd-client): requests matched to responses by id, and {@code exec.*} events routed per
 * process into a {@link Proc} that counts, checksums and checks the order of every byte.
 *
 * <p>Output events are decoded as rexd-client decodes them ({@link ClientOutputEvents}: one
 * streaming-parser pass, the data unescaped straight from the frame's bytes), the rest with a tree
 * parse. Everything runs on the transport's reader thread, so the client's own cost is part of
 * every end-to-end figure.
 *
 * <pre>{@code
 * RawClient c = new RawClient(transport);
 * String sid = c.call("session.open", "{\"client_name\":\"bench\"}").get("session_id").asString();
 * }</pre>
 */
final class RawClient implements Transport.Listener, AutoCloseable {
  private static final JsonMapper MAPPER = RexdJson.mapper();
  private static final String EVENT_PREFIX = "{\"jsonrpc\":\"2.0\",\"method\":\"exec.std";
  private static final byte[] EVENT_PREFIX_BYTES = EVENT_PREFIX.getBytes(StandardCharsets.UTF_8);

  private final Transport transport;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, Proc> procs = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final AtomicLong framesIn = new AtomicLong();
  private volatile long lastFrameNanos = System.nanoTime();

  RawClient(Transport transport) {
    this.transport = transport;
    transport.start(this);
  }

  /** Sends a request with these params (a JSON object text) and waits up to 60 s for its result. */
  JsonNode call(String method, String paramsJson) {
    return await(callAsync(method, paramsJson), 60_000);
  }

  CompletableFuture<JsonNode> callAsync(String method, String paramsJson) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    String frame = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
    transport.send(frame).whenComplete((v, e) -> {
      if (e != null) {
        pending.remove(id);
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  /** Opens a session whose events come to this client; returns its id. */
  String openSession(String name) {
    return call("session.open", "{\"client_name\":\"" + name + "\"}").get("session_id").asString();
  }

  /** The per-process event sink, created on first use by either the caller or the reader. */
  Proc proc(String processId) {
    return procs.computeIfAbsent(processId, Proc::new);
  }

  void forget(String processId) {
    procs.remove(processId);
  }

  long framesIn() {
    return framesIn.get();
  }

  /** {@link System#nanoTime()} when the last frame arrived. */
  long lastFrameNanos() {
    return lastFrameNanos;
  }

  static JsonNode await(CompletableFuture<JsonNode> f, long millis) {
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + millis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Output events decoded straight from the bytes, as rexd-client does; anything else as text. */
  @Override
  public void onFrame(byte[] utf8, int off, int len) {
    int prefix = EVENT_PREFIX_BYTES.length;
    if (len > prefix && Arrays.equals(utf8, off, off + prefix, EVENT_PREFIX_BYTES, 0, prefix)
        && deliver(ClientOutputEvents.read(utf8, off, len))) {
      return;
    }
    onFrame(new String(utf8, off, len, StandardCharsets.UTF_8));
  }

  @Override
  public void onFrame(String json) {
    if (json.startsWith(EVENT_PREFIX) && deliver(ClientOutputEvents.read(json))) {
      return;
    }
    framesIn.incrementAndGet();
    lastFrameNanos = System.nanoTime();
    JsonNode node = MAPPER.readTree(json);
    JsonNode method = node.get("method");
    if (method != null) {
      if (method.asString().equals("exec.exit")) {
        JsonNode p = node.get("params");
        proc(p.get("process_id").asString()).exit.complete(p);
      }
      return;
    }
    JsonNode id = node.get("id");
    CompletableFuture<JsonNode> f = id == null || !id.isNumber() ? null : pending.remove(id.asLong());
    if (f == null) {
      return;
    }
    JsonNode error = node.get("error");
    if (error != null) {
      f.completeExceptionally(new RpcFailure(error));
    } else {
      f.complete(node.get("result"));
    }
  }

  /** Hands an output chunk to its process; false when the frame was no output event. */
  private boolean deliver(ClientOutputEvents.@Nullable Output out) {
    if (out == null) {
      return false;
    }
    framesIn.incrementAndGet();
    lastFrameNanos = System.nanoTime();
    proc(out.processId()).accept(out.stderr(), out.seq(), out.bytes());
    return true;
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {
    IllegalStateException gone = new IllegalStateException("transport closed", cause);
    pending.values().forEach(f -> f.completeExceptionally(gone));
    procs.values().forEach(p -> p.exit.completeExceptionally(gone));
    closed.complete(null);
  }

  @Override
  public void close() {
    transport.close();
  }

  /** A JSON-RPC error answer. */
  static final class RpcFailure extends RuntimeException {
    final JsonNode error;

    RpcFailure(JsonNode error) {
      super(error.toString());
      this.error = error;
    }

    int code() {
      return error.path("code").asInt();
    }
  }

  /** What arrived for one process: bytes per stream, a CRC of stdout, order checks, the exit event. */
  static final class Proc {
    final String id;
    final CompletableFuture<JsonNode> exit = new CompletableFuture<>();
    final CRC32 stdoutCrc = new CRC32();
    volatile long stdoutBytes;
    volatile long stderrBytes;
    volatile long seqErrors;
    private long nextOut = 1;
    private long nextErr = 1;
    private final StringBuilder head = new StringBuilder();

    Proc(String id) {
      this.id = id;
    }

    synchronized void accept(boolean stderr, long seq, byte[] bytes) {
      if (stderr) {
        if (seq != nextErr++) {
          seqErrors++;
        }
        stderrBytes += bytes.length;
        return;
      }
      if (seq != nextOut++) {
        seqErrors++;
      }
      stdoutBytes += bytes.length;
      stdoutCrc.update(bytes, 0, bytes.length);
      if (head.length() < 256) {
        head.append(new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.UTF_8));
      }
    }

    synchronized String head() {
      return head.toString();
    }

    synchronized long crc() {
      return stdoutCrc.getValue();
    }
  }

  /** Params text for an object node (for callers that build params as trees). */
  static String json(ObjectNode node) {
    return MAPPER.writeValueAsString(node);
  }
}
