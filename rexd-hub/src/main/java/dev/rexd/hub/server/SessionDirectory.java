package dev.rexd.hub.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which host each session opened through the hub lives on, so that a client that reconnects (on a
 * new socket) and names a session reaches its host again. Bounded: past {@code capacity}, the
 * least recently used entry goes.
 *
 * <pre>{@code
 * directory.put("sess_1f..", "web-1");
 * String host = directory.hostOf("sess_1f..");
 * }</pre>
 */
final class SessionDirectory {
  private final Map<String, String> hosts;

  SessionDirectory(int capacity) {
    this.hosts = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void put(String sessionId, String host) {
    hosts.put(sessionId, host);
  }

  synchronized @Nullable String hostOf(String sessionId) {
    return hosts.get(sessionId);
  }

  synchronized void remove(String sessionId) {
    hosts.remove(sessionId);
  }
}
