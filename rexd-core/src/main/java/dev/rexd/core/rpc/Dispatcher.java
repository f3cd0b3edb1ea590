package dev.rexd.core.rpc;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcMessage;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.JsonRpcRequest;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.transport.Transport;
import dev.rexd.core.audit.AuditLog;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns inbound frames into handler calls and responses (protocol sections 1 and 2): every request
 * runs on the executor, so a slow call never delays another; batches get one array response; a
 * bad frame gets an error response and never ends the connection; no stack trace reaches the peer.
 *
 * <pre>{@code
 * dispatcher.dispatch(line, sessionLookup, connection, responseText -> connection.deliver(responseText));
 * Connection c = dispatcher.serve(transport, sessions, true, maxMessageBytes, 256);
 * }</pre>
 */
public final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final MethodRegistry registry;
  private final Executor executor;
  private final AuditLog audit;

  public Dispatcher(MethodRegistry registry, Executor executor, AuditLog audit) {
    this.registry = registry;
    this.executor = executor;
    this.audit = audit;
  }

  /** Receives the response text of a frame (never called for a frame of notifications only). */
  @FunctionalInterface
  public interface ResponseSink {
    void send(String responseText) throws InterruptedException;
  }

  /**
   * Handles one inbound frame asynchronously. {@code sink} gets the response text, then the calls'
   * after-response actions run (in a batch, each call's actions run as soon as that call is done,
   * not after the whole batch). The returned future completes when all of that is done.
   */
  public CompletableFuture<Void> dispatch(String frame, Function<String, Session> sessions,
      @Nullable EventChannel caller, ResponseSink sink) {
    return CompletableFuture.supplyAsync(() -> handleFrame(frame, sessions, caller, sink), executor)
        .thenCompose(done -> done)
        .exceptionally(e -> {
          LOG.log(System.Logger.Level.WARNING, "frame handling failed", e);
          return null;
        });
  }

  /**
   * Serves a streaming peer over this dispatcher: returns its started {@link Connection}. With
   * {@code ownsSessions} the sessions it uses close when it ends (stdio); otherwise they stay for
   * a later connection to reattach (WebSocket).
   */
  public Connection serve(Transport transport, SessionManager sessions, boolean ownsSessions, int maxMessageBytes,
      int queueCapacity) {
    return new Connection(transport, this, sessions, ownsSessions, maxMessageBytes, queueCapacity).start();
  }

  /** An error response for a frame the transport refused before parsing (too large). */
  public static String oversized(long length, int limit) {
    return JsonRpcCodec.encode(JsonRpcResponse.failure(null,
        RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.MESSAGE_TOO_LARGE,
            "message of " + length + " bytes exceeds max_message_bytes (" + limit + ")")
            .with("limit", limit)));
  }

  private CompletableFuture<Void> handleFrame(String frame, Function<String, Session> sessions,
      @Nullable EventChannel caller, ResponseSink sink) {
    JsonNode node;
    try {
      node = JsonRpcCodec.parse(frame);
    } catch (RexdException e) {
      send(sink, JsonRpcCodec.encode(JsonRpcResponse.failure(null, e)));
      return DONE;
    }
    if (node.isArray()) {
      return handleBatch(node, sessions, caller, sink);
    }
    CallContext call = new CallContext(sessions, caller);
    JsonRpcResponse response = handleOne(node, call);
    if (response != null) {
      send(sink, JsonRpcCodec.encode(response));
    }
    call.runAfterResponse();
    return DONE;
  }

  /**
   * Runs every element on the executor and answers when the last is done, by combining their
   * futures: no thread waits for the others, so a small executor cannot starve on its own batches.
   * Each element's after-response actions (output pumps, timeouts) run as soon as that element is
   * done, so its process's events may precede the batch's array response.
   */
  private CompletableFuture<Void> handleBatch(JsonNode batch, Function<String, Session> sessions,
      @Nullable EventChannel caller, ResponseSink sink) {
    if (batch.isEmpty()) {
      send(sink, JsonRpcCodec.encode(JsonRpcResponse.failure(null,
          RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.INVALID_REQUEST, "empty batch"))));
      return DONE;
    }
    List<CompletableFuture<@Nullable JsonRpcResponse>> futures = new ArrayList<>();
    for (JsonNode element : batch) {
      CallContext call = new CallContext(sessions, caller);
      futures.add(CompletableFuture.supplyAsync(() -> {
        try {
          return handleOne(element, call);
        } finally {
          call.runAfterResponse();
        }
      }, executor));
    }
    return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
      List<JsonRpcResponse> responses = new ArrayList<>();
      for (CompletableFuture<@Nullable JsonRpcResponse> f : futures) {
        JsonRpcResponse r = f.join(); // already complete
        if (r != null) {
          responses.add(r);
        }
      }
      if (!responses.isEmpty()) {
        send(sink, JsonRpcCodec.encodeBatch(responses));
      }
    });
  }

  /** The response to one message, or null for a notification. */
  private @Nullable JsonRpcResponse handleOne(JsonNode node, CallContext call) {
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(node);
    } catch (RexdException e) {
      return JsonRpcResponse.failure(JsonRpcCodec.idOf(node), e);
    }
    if (message instanceof JsonRpcRequest r) {
      return invoke(r.id(), r.method(), r.params(), call);
    }
    if (message instanceof JsonRpcNotification n) {
      invoke(null, n.method(), n.params(), call);
      return null;
    }
    return JsonRpcResponse.failure(JsonRpcCodec.idOf(node),
        RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.INVALID_REQUEST, "a server does not accept responses"));
  }

  private JsonRpcResponse invoke(@Nullable JsonNode id, String method, @Nullable JsonNode params, CallContext call) {
    long start = System.nanoTime();
    JsonNode idNode = id == null ? JsonNodeFactory.instance.nullNode() : id;
    JsonRpcResponse response;
    try {
      JsonNode result = invokeHandler(method, params, call);
      response = JsonRpcResponse.success(idNode, result);
    } catch (RexdException e) {
      response = JsonRpcResponse.failure(idNode, e);
    } catch (RuntimeException | Error e) {
      response = JsonRpcResponse.failure(idNode, internal(method, e));
    }
    audit.record(method, params, response, System.nanoTime() - start);
    return response;
  }

  private JsonNode invokeHandler(String method, @Nullable JsonNode params, CallContext call) {
    MethodRegistry.Entry<?, ?> entry = registry.find(method);
    if (entry == null) {
      throw RexdException.of(ErrorCode.METHOD_NOT_FOUND, Reasons.UNKNOWN_METHOD, "method not found: " + method)
          .with("method", method);
    }
    if (params != null && !params.isObject()) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "params must be an object");
    }
    return call(entry, params == null ? JsonNodeFactory.instance.objectNode() : params, call);
  }

  private static <P, R> JsonNode call(MethodRegistry.Entry<P, R> entry, JsonNode params, CallContext call) {
    P typed = decode(entry, params);
    R result;
    try {
      result = entry.handler().handle(call, typed);
    } catch (RexdException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "interrupted");
    } catch (Exception e) {
      throw internal(entry.method().name(), e);
    }
    return RexdJson.mapper().valueToTree(result);
  }

  private static <P> P decode(MethodRegistry.Entry<P, ?> entry, JsonNode params) {
    try {
      return RexdJson.mapper().treeToValue(params, entry.method().paramsType());
    } catch (JacksonException e) {
      RexdException inner = findRexdCause(e);
      if (inner != null) {
        throw inner;
      }
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "invalid params: " + e.getOriginalMessage());
    }
  }

  private static @Nullable RexdException findRexdCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RexdException r) {
        return r;
      }
    }
    return null;
  }

  /** {@code -32603} with an incident id; the details go to the local log only. */
  private static RexdException internal(String method, Throwable e) {
    String incident = Long.toHexString(System.nanoTime() ^ Thread.currentThread().getId());
    LOG.log(System.Logger.Level.ERROR, "internal error in " + method + " (incident " + incident + ")", e);
    return RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL,
        "internal error (incident " + incident + ")").with("incident", incident);
  }

  private static void send(ResponseSink sink, String text) {
    try {
      sink.send(text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
