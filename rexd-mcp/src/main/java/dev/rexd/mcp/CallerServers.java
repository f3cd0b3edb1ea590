package dev.rexd.mcp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The per-principal servers of the Streamable HTTP endpoint, bounded by {@link McpHttpLimits}:
 * kept in least-recently-used order; {@link #acquire} hands out a principal's server (making it
 * at first use) and counts the request as in progress until {@link #release}; a server with no
 * request in progress is closed when it has been idle too long ({@link #sweep}) or when a new
 * principal needs its place; one with a request in progress or a tool call running is not. When
 * every kept server is busy, a new principal is refused.
 *
 * <pre>{@code
 * CallerServers<Srv> servers = new CallerServers<>(limits, System::nanoTime, Srv::close, Srv::busy);
 * Srv s = servers.acquire("agent:ci", id -> make());
 * try { ... } finally { servers.release("agent:ci"); }
 * }</pre>
 */
final class CallerServers<S> {
  private final McpHttpLimits limits;
  private final LongSupplier nanoTime;
  private final Consumer<S> close;
  private final Predicate<S> working;
  private final LinkedHashMap<String, Kept<S>> kept = new LinkedHashMap<>(16, 0.75f, true);

  private static final class Kept<S> {
    final S server;
    int inProgress;
    long lastUsedNanos;

    Kept(S server, long now) {
      this.server = server;
      this.lastUsedNanos = now;
    }
  }

  /** @param working whether a server still works for its principal between requests (a tool call running) */
  CallerServers(McpHttpLimits limits, LongSupplier nanoTime, Consumer<S> close, Predicate<S> working) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.close = close;
    this.working = working;
  }

  /**
   * The server of {@code id}, made with {@code create} if it has none, counted busy until
   * {@link #release}; null when a new one would exceed {@code maxCallers} and every kept server is
   * busy.
   */
  @Nullable S acquire(String id, Function<String, S> create) {
    List<S> evicted = new ArrayList<>();
    S server = null;
    synchronized (this) {
      Kept<S> k = kept.get(id);
      while (k == null && kept.size() >= limits.maxCallers()) {
        S gone = removeLeastRecentIdle();
        if (gone == null) {
          break;
        }
        evicted.add(gone);
      }
      if (k == null && kept.size() < limits.maxCallers()) {
        k = new Kept<>(create.apply(id), nanoTime.getAsLong());
        kept.put(id, k);
      }
      if (k != null) {
        k.inProgress++;
        k.lastUsedNanos = nanoTime.getAsLong();
        server = k.server;
      }
    }
    closeAll(evicted);
    return server;
  }

  /** The request of {@code id} that {@link #acquire} counted ended. */
  synchronized void release(String id) {
    Kept<S> k = kept.get(id);
    if (k != null) {
      k.inProgress--;
      k.lastUsedNanos = nanoTime.getAsLong();
    }
  }

  /** Closes the servers idle for longer than the idle timeout; returns how many. */
  int sweep() {
    List<S> idle = new ArrayList<>();
    synchronized (this) {
      long now = nanoTime.getAsLong();
      for (Iterator<Kept<S>> it = kept.values().iterator(); it.hasNext(); ) {
        Kept<S> k = it.next();
        if (idle(k) && now - k.lastUsedNanos > limits.idleTimeout().toNanos()) {
          it.remove();
          idle.add(k.server);
        }
      }
    }
    closeAll(idle);
    return idle.size();
  }

  synchronized int size() {
    return kept.size();
  }

  /** Removes and closes every server. */
  void clear() {
    List<S> all;
    synchronized (this) {
      all = kept.values().stream().map(k -> k.server).toList();
      kept.clear();
    }
    closeAll(all);
  }

  private @Nullable S removeLeastRecentIdle() {
    for (Iterator<Map.Entry<String, Kept<S>>> it = kept.entrySet().iterator(); it.hasNext(); ) {
      Kept<S> k = it.next().getValue();
      if (idle(k)) {
        it.remove();
        return k.server;
      }
    }
    return null;
  }

  private boolean idle(Kept<S> k) {
    return k.inProgress == 0 && !working.test(k.server);
  }

  private void closeAll(List<S> servers) {
    servers.forEach(close);
  }
}
