package dev.rexd.core.rpc;

import dev.rexd.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a handler knows about the call it serves: how to find a session (which also subscribes the
 * calling connection to its events) and what to run once the response is on its way.
 *
 * <pre>{@code
 * Session s = call.session(params.sessionId());     // -32602 session_not_found if unknown
 * call.afterResponse(process::startPumps);           // events only after the exec.start response
 * }</pre>
 */
public final class CallContext {
  private final Function<String, Session> sessionLookup;
  private final List<Runnable> afterResponse = new ArrayList<>();

  public CallContext(Function<String, Session> sessionLookup) {
    this.sessionLookup = sessionLookup;
  }

  /** The open session with this id, or {@code -32602 session_not_found}. */
  public Session session(String sessionId) {
    return sessionLookup.apply(sessionId);
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
