package dev.rexd.hub.server;

import dev.rexd.hub.wire.HostEntry;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The hosts registered with a hub, by name. A second registration of a name replaces the first
 * only when it came with the same credential; callers may wait a bounded time for a host that is
 * reconnecting.
 *
 * <pre>{@code
 * HostLink link = registry.await("web-1", Duration.ofSeconds(5));   // null: not connected
 * }</pre>
 */
final class HostRegistry {
  private static final System.Logger LOG = System.getLogger(HostRegistry.class.getName());

  private final Map<String, HostLink> hosts = new ConcurrentHashMap<>();
  private final List<HubListener> listeners = new CopyOnWriteArrayList<>();

  void addListener(HubListener listener) {
    listeners.add(listener);
  }

  void removeListener(HubListener listener) {
    listeners.remove(listener);
  }

  /** The link's host registered: it takes the name unless another credential holds it. */
  void registered(HostLink link) {
    HostLink old;
    synchronized (this) {
      old = hosts.get(link.name());
      if (old != null && old != link && !old.sameCredential(link)) {
        throw dev.rexd.api.RexdException.invalidParams("host_name_taken",
            "host " + link.name() + " is connected with another credential");
      }
      hosts.put(link.name(), link);
      notifyAll();
    }
    if (old != null && old != link) {
      LOG.log(System.Logger.Level.INFO, "host " + link.name() + " reconnected; closing its older connection");
      old.replaced();
    }
    HostEntry entry = Objects.requireNonNull(link.entry());
    LOG.log(System.Logger.Level.INFO, "host " + link.name() + " connected (rexd " + entry.serverVersion() + ")");
    listeners.forEach(l -> l.hostConnected(entry));
  }

  /** The link's control connection ended; the host leaves unless a newer link replaced it. */
  void left(HostLink link) {
    if (!hosts.remove(link.name(), link)) {
      return;
    }
    LOG.log(System.Logger.Level.INFO, "host " + link.name() + " disconnected");
    HostEntry entry = link.entry();
    if (entry != null) {
      listeners.forEach(l -> l.hostLeft(entry));
    }
  }

  /** The registered link of {@code name}, or null. */
  @Nullable HostLink current(String name) {
    return hosts.get(name);
  }

  /** The registered link of {@code name}, waiting up to {@code wait} for it to (re)connect; null if it did not. */
  @Nullable HostLink await(String name, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (this) {
      HostLink link;
      while ((link = hosts.get(name)) == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return link;
    }
  }

  /** Every registered host, by name. */
  List<HostEntry> entries() {
    return hosts.values().stream().map(HostLink::entry).filter(Objects::nonNull).map(Objects::requireNonNull)
        .sorted(Comparator.comparing(HostEntry::name)).toList();
  }

  /** Closes every host's control connection. */
  void closeAll() {
    hosts.values().forEach(HostLink::close);
  }
}
