package dev.rexd.mcp;

import dev.rexd.agent.ToolCall;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls in progress by their JSON-RPC request id, so an MCP client's
 * {@code notifications/cancelled} reaches the call it names. A cancellation that overtakes its
 * call's start is remembered (the newest few) and applied when the call registers.
 *
 * <pre>{@code
 * calls.register("7", call);   // the handler, when the call starts
 * calls.cancel("7");           // the input filter, when the client cancels request 7
 * calls.finished("7");
 * }</pre>
 */
final class ActiveCalls {
  private static final int EARLY_CANCELS_KEPT = 64;

  private final Map<String, ToolCall> calls = new ConcurrentHashMap<>();
  private final Set<String> earlyCancels = new LinkedHashSet<>();

  void register(String requestId, ToolCall call) {
    calls.put(requestId, call);
    boolean early;
    synchronized (earlyCancels) {
      early = earlyCancels.remove(requestId);
    }
    if (early) {
      call.cancel();
    }
  }

  void finished(String requestId) {
    calls.remove(requestId);
  }

  void cancel(String requestId) {
    ToolCall call = calls.get(requestId);
    if (call != null) {
      call.cancel();
      return;
    }
    synchronized (earlyCancels) {
      earlyCancels.add(requestId);
      if (earlyCancels.size() > EARLY_CANCELS_KEPT) {
        earlyCancels.remove(earlyCancels.iterator().next());
      }
    }
  }

  /** Whether a call is in progress. */
  boolean any() {
    return !calls.isEmpty();
  }

  /** Cancels every call in progress (the client went away). */
  void cancelAll() {
    calls.values().forEach(ToolCall::cancel);
  }
}
