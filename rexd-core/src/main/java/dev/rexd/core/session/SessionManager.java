package dev.rexd.core.session;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.RootPolicy;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The open sessions of a server, bounded by {@code max_concurrent_sessions}.
 *
 * <pre>{@code
 * Session s = sessions.open(SessionOpenParams.named("agent"));
 * sessions.close(s.id());
 * }</pre>
 */
public final class SessionManager {
  private final RootPolicy serverPolicy;
  private final Limits limits;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  private final SessionObserver observer;

  public SessionManager(RootPolicy serverPolicy, Limits limits, SessionObserver observer) {
    this.serverPolicy = serverPolicy;
    this.limits = limits;
    this.observer = observer;
  }

  /** Opens a session; its roots are the requested ones (each inside an allowed root) or all. */
  public Session open(SessionOpenParams params) {
    List<String> requested = params.workspaceRoots();
    RootPolicy policy = serverPolicy.narrow(requested == null ? List.of() : requested, serverPolicy.roots().get(0));
    synchronized (this) {
      if (sessions.size() >= limits.maxConcurrentSessions()) {
        throw RexdException.of(ErrorCode.RESOURCE_LIMIT, Reasons.TOO_MANY_SESSIONS,
            "max_concurrent_sessions (" + limits.maxConcurrentSessions() + ") reached")
            .with("limit", limits.maxConcurrentSessions());
      }
      Session s = new Session(newId(), params.clientName(), params.clientVersion(), policy, limits, observer);
      sessions.put(s.id(), s);
      return s;
    }
  }

  /** The open session with this id, or {@code -32602 session_not_found}. */
  public Session get(String id) {
    Session s = sessions.get(id);
    if (s == null || s.isClosed()) {
      throw RexdException.sessionNotFound(id);
    }
    s.touch();
    return s;
  }

  /** The session with this id if it is open. */
  public @Nullable Session find(String id) {
    return sessions.get(id);
  }

  /** Closes the session (ending its non-detached processes); false if it was not open. */
  public boolean close(String id) {
    Session s = sessions.remove(id);
    return s != null && s.close();
  }

  /** Closes every session. */
  public void closeAll() {
    sessions.keySet().forEach(this::close);
  }

  /**
   * Closes every session that has no open event channel and saw no call for {@code idleNanos};
   * returns how many it closed.
   */
  public int closeIdle(long idleNanos) {
    long now = System.nanoTime();
    int closed = 0;
    for (Session s : all()) {
      if (!s.hasSubscribers() && now - s.lastActiveNanos() > idleNanos && close(s.id())) {
        closed++;
      }
    }
    return closed;
  }

  /** The open sessions. */
  public Collection<Session> all() {
    return List.copyOf(sessions.values());
  }

  private static String newId() {
    return "sess_" + HexFormat.of().formatHex(SessionIds.randomBytes(12));
  }
}
