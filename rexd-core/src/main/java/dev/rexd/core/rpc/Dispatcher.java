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
import dev.rexd.core.auth.AccessRules;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.session.SessionManager;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns inbound frames into handler calls and responses (protocol sections 1 and 2): every request
 * runs on the executor, so a slow call never delays another, except a single request to a method
 * registered as quick ({@link MethodRegistry#registerQuick}), which runs on the thread that read it
 * (no hand-off costs more than such a call); batches get one array response; a bad frame gets an
 * error response and never ends the connection; no stack trace reaches the peer.
 *
 * <pre>{@code
 * dispatcher.dispatch(line, new Caller(principal, connection, sessionLookup), connection::deliver);
 * Connection c = dispatcher.serve(transport, sessions, true, maxMessageBytes, 1 << 20);
 * }</pre>
 */
public final class Dispatcher {
  private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final MethodRegistry registry;
  private final Executor executor;
  private final CallListener listener;

  /** @param listener hears every finished call (the audit log, the metrics) */
  public Dispatcher(MethodRegistry registry, Executor executor, CallListener listener) {
    this.registry = registry;
    this.executor = executor;
    this.listener = listener;
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
  public CompletableFuture<Void> dispatch(String frame, Caller caller, ResponseSink sink) {
    JsonNode node;
    try {
      node = JsonRpcCodec.parse(frame);
    } catch (RexdException e) {
      send(sink, JsonRpcCodec.encode(JsonRpcResponse.failure(null, e)));
      return DONE;
    }
    CompletableFuture<Void> handled;
    if (isQuick(node)) {
      try {
        handled = handleNode(node, caller, sink);
      } catch (RuntimeException e) {
        handled = CompletableFuture.failedFuture(e);
      }
    } else {
      try {
        handled = CompletableFuture.supplyAsync(() -> handleNode(node, caller, sink), executor).thenCompose(f -> f);
      } catch (RejectedExecutionException closing) {
        send(sink, CallOutcome.failure(JsonRpcCodec.idOf(node), RexdException.of(ErrorCode.INTERNAL_ERROR,
            Reasons.INTERNAL, "the server is shutting down")).json());
        return DONE;
      }
    }
    return handled
        .exceptionally(e -> {
          LOG.log(System.Logger.Level.WARNING, "frame handling failed", e);
          return null;
        });
  }

  /** A single request (not a batch) to a method registered as quick. */
  private boolean isQuick(JsonNode node) {
    JsonNode method = node.get("method");
    if (method == null || !method.isString()) {
      return false;
    }
    MethodRegistry.Entry<?, ?> entry = registry.find(method.asString());
    return entry != null && entry.quick();
  }

  /**
   * Serves a streaming peer over this dispatcher: returns its started {@link Connection}. With
   * {@code ownsSessions} the sessions it uses close when it ends (stdio); otherwise they stay for
   * a later connection to reattach (WebSocket). Its producers wait while {@code maxQueuedBytes} of
   * frames wait for the peer.
   */
  public Connection serve(Transport transport, SessionManager sessions, boolean ownsSessions, int maxMessageBytes,
      long maxQueuedBytes) {
    return serve(transport, sessions, ownsSessions, Principal.localUser(), maxMessageBytes, maxQueuedBytes);
  }

  /** {@link #serve(Transport, SessionManager, boolean, int, long)} for a peer that calls as {@code principal}. */
  public Connection serve(Transport transport, SessionManager sessions, boolean ownsSessions, Principal principal,
      int maxMessageBytes, long maxQueuedBytes) {
    return new Connection(transport, this, sessions, ownsSessions, principal, maxMessageBytes, maxQueuedBytes)
        .start();
  }

  /** An error response for a frame the transport refused before parsing (too large). */
  public static String oversized(long length, int limit) {
    return JsonRpcCodec.encode(JsonRpcResponse.failure(null,
        RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.MESSAGE_TOO_LARGE,
            "message of " + length + " bytes exceeds max_message_bytes (" + limit + ")")
            .with("limit", limit)));
  }

  private CompletableFuture<Void> handleNode(JsonNode node, Caller caller, ResponseSink sink) {
    if (node.isArray()) {
      return handleBatch(node, caller, sink);
    }
    CallContext call = caller.newCall();
    return handleOne(node, call).thenAccept(outcome -> {
      if (outcome != null) {
        send(sink, outcome.json());
      }
      call.runAfterResponse();
    });
  }

  /**
   * Runs every element on the executor and answers when the last is done, by combining their
   * futures: no thread waits for the others, so a small executor cannot starve on its own batches.
   * Each element's after-response actions (output pumps, timeouts) run as soon as that element is
   * done, so its process's events may precede the batch's array response.
   */
  private CompletableFuture<Void> handleBatch(JsonNode batch, Caller caller, ResponseSink sink) {
    if (batch.isEmpty()) {
      send(sink, JsonRpcCodec.encode(JsonRpcResponse.failure(null,
          RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.INVALID_REQUEST, "empty batch"))));
      return DONE;
    }
    List<CompletableFuture<@Nullable CallOutcome>> futures = new ArrayList<>();
    for (JsonNode element : batch) {
      CallContext call = caller.newCall();
      futures.add(CompletableFuture.supplyAsync(() -> handleOne(element, call), executor)
          .thenCompose(f -> f)
          .whenComplete((r, e) -> call.runAfterResponse()));
    }
    return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).thenRun(() -> {
      StringJoiner responses = new StringJoiner(",", "[", "]").setEmptyValue("");
      for (CompletableFuture<@Nullable CallOutcome> f : futures) {
        CallOutcome r = f.join(); // already complete
        if (r != null) {
          responses.add(r.json());
        }
      }
      if (responses.length() > 0) {
        send(sink, responses.toString());
      }
    });
  }

  /** The response to one message, or null for a notification. */
  private CompletableFuture<@Nullable CallOutcome> handleOne(JsonNode node, CallContext call) {
    JsonRpcMessage message;
    try {
      message = JsonRpcCodec.decode(node);
    } catch (RexdException e) {
      return CompletableFuture.completedFuture(CallOutcome.failure(JsonRpcCodec.idOf(node), e));
    }
    if (message instanceof JsonRpcRequest r) {
      return invoke(r.id(), r.method(), r.params(), call).thenApply(outcome -> outcome);
    }
    if (message instanceof JsonRpcNotification n) {
      return invoke(null, n.method(), n.params(), call).thenApply(outcome -> null);
    }
    return CompletableFuture.completedFuture(CallOutcome.failure(JsonRpcCodec.idOf(node),
        RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.INVALID_REQUEST, "a server does not accept responses")));
  }

  /**
   * Runs the handler; a handler may answer later (a held {@code exec.start}) without holding a
   * thread, so the response is a future.
   */
  private CompletableFuture<CallOutcome> invoke(@Nullable JsonNode id, String method, @Nullable JsonNode params,
      CallContext call) {
    long start = System.nanoTime();
    JsonNode idNode = id == null ? JsonNodeFactory.instance.nullNode() : id;
    CompletableFuture<?> result;
    try {
      result = invokeHandler(method, params, call);
    } catch (RuntimeException | Error e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.handle((value, failure) -> {
      Throwable e = unwrap(failure);
      CallOutcome outcome = e == null ? CallOutcome.success(idNode, value)
          : CallOutcome.failure(idNode, e instanceof RexdException r ? r : internal(method, e));
      listener.called(call.principal(), method, params, outcome, System.nanoTime() - start);
      return outcome;
    });
  }

  private static @Nullable Throwable unwrap(@Nullable Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private CompletableFuture<?> invokeHandler(String method, @Nullable JsonNode params, CallContext call) {
    MethodRegistry.Entry<?, ?> entry = registry.find(method);
    if (entry == null) {
      throw RexdException.of(ErrorCode.METHOD_NOT_FOUND, Reasons.UNKNOWN_METHOD, "method not found: " + method)
          .with("method", method);
    }
    call.method(method);
    AccessRules.checkRole(method, call.principal());
    if (params != null && !params.isObject()) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "params must be an object");
    }
    return call(entry, params == null ? JsonNodeFactory.instance.objectNode() : params, call);
  }

  private static <P, R> CompletableFuture<R> call(MethodRegistry.Entry<P, R> entry, JsonNode params,
      CallContext call) {
    P typed = decode(entry, params);
    CompletionStage<R> result;
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
    return result.toCompletableFuture();
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
