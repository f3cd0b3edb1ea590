package dev.rexd.core.rpc;

import dev.rexd.api.RexdEvent;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.core.auth.AccessRules;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a handler knows about the call it serves: who makes it, how to find a session (checked
 * against the caller's role and the session's owner; the owner's connection is also subscribed to
 * its events), how to send an event to the caller, and what to run once the response is on its
 * way.
 *
 * <pre>{@code
 * Session s = call.session(params.sessionId());     // -32602 session_not_found if unknown
 * call.afterResponse(process::startPumps);           // events only after the exec.start response
 * call.afterResponse(() -> call.notify(PROGRESS, new Progress(100)));
 * }</pre>
 */
public final class CallContext {
  private final Function<String, Session> sessionLookup;
  private final @Nullable EventChannel caller;
  private final Principal principal;
  private final List<Runnable> afterResponse = new ArrayList<>();
  private volatile String method = "";

  /** A call by the local user without a streaming caller: {@link #notify} reaches no one. */
  public CallContext(Function<String, Session> sessionLookup) {
    this(sessionLookup, null);
  }

  /** A call by the local user from {@code caller}, the connection that {@link #notify} sends to. */
  public CallContext(Function<String, Session> sessionLookup, @Nullable EventChannel caller) {
    this(sessionLookup, caller, Principal.localUser());
  }

  /** A call by {@code principal} from {@code caller} (null for none). */
  public CallContext(Function<String, Session> sessionLookup, @Nullable EventChannel caller, Principal principal) {
    this.sessionLookup = sessionLookup;
    this.caller = caller;
    this.principal = principal;
  }

  /** Who makes the call. */
  public Principal principal() {
    return principal;
  }

  /** The streaming connection the call came on, or null (HTTP POST). */
  public @Nullable EventChannel channel() {
    return caller;
  }

  /** The method being called. */
  public String method() {
    return method;
  }

  void method(String name) {
    this.method = name;
  }

  /**
   * Sends an event to the connection that made this call only (a session's subscribers get events
   * through {@link Session#publish}). Sent from the handler, it arrives before the call's response;
   * sent from an {@link #afterResponse} action, after it. Blocks while the connection's queue is
   * full. Returns false when the caller has no event channel (an HTTP {@code POST}) or it closed.
   */
  public <E> boolean notify(RexdEvent<E> event, E params) throws InterruptedException {
    EventChannel c = caller;
    if (c == null) {
      return false;
    }
    return c.deliver(JsonRpcCodec.encode(new JsonRpcNotification(event.name(), RexdJson.mapper().valueToTree(params))));
  }

  /**
   * The open session with this id, or {@code -32602 session_not_found}; {@code -32001
   * forbidden_role} when the caller may not make this call on it (see {@link AccessRules}).
   */
  public Session session(String sessionId) {
    Session s = sessionLookup.apply(sessionId);
    AccessRules.checkSession(method, principal, s.owner(), sessionId);
    return s;
  }

  /**
   * Runs {@code action} after this call's response has been queued to the caller (or, for a call
   * without a streaming connection or inside a batch, as soon as the response was produced, so a
   * batch's slow elements never hold it back). Runs even when the call's response could not be
   * sent.
   */
  public synchronized void afterResponse(Runnable action) {
    afterResponse.add(action);
  }

  /** Runs and forgets the queued after-response actions; the dispatcher calls this once. */
  public void runAfterResponse() {
    List<Runnable> actions;
    synchronized (this) {
      actions = List.copyOf(afterResponse);
      afterResponse.clear();
    }
    for (Runnable r : actions) {
      r.run();
    }
  }
}
