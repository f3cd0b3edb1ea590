package dev.rexd.core.session;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.core.Limits;
import dev.rexd.core.auth.Principal;
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
  private final Lifecycle lifecycle;

  /** Hears sessions open and close (watchers, metrics); quick, never throws. */
  public interface Lifecycle {
    Lifecycle NONE = new Lifecycle() {};

    default void opened(Session session) {}

    /** After the session closed (its processes ended); {@code by} names who or what closed it. */
    default void closed(Session session, String by) {}
  }

  /** Why a session ended when no principal closed it. */
  public static final String BY_IDLE = "idle_timeout";
  public static final String BY_CONNECTION = "connection_closed";
  public static final String BY_SERVER = "server";

  public SessionManager(RootPolicy serverPolicy, Limits limits, SessionObserver observer) {
    this(serverPolicy, limits, observer, Lifecycle.NONE);
  }

  public SessionManager(RootPolicy serverPolicy, Limits limits, SessionObserver observer, Lifecycle lifecycle) {
    this.serverPolicy = serverPolicy;
    this.limits = limits;
    this.observer = observer;
    this.lifecycle = lifecycle;
  }

  /** Opens a session owned by the local user (stdio, in-process). */
  public Session open(SessionOpenParams params) {
    return open(params, Principal.localUser());
  }

  /** Opens a session owned by {@code owner}; its roots are the requested ones (each inside an allowed root) or all. */
  public Session open(SessionOpenParams params, Principal owner) {
    List<String> requested = params.workspaceRoots();
    RootPolicy policy = serverPolicy.narrow(requested == null ? List.of() : requested, serverPolicy.roots().get(0));
    Session s;
    synchronized (this) {
      if (sessions.size() >= limits.maxConcurrentSessions()) {
        throw RexdException.of(ErrorCode.RESOURCE_LIMIT, Reasons.TOO_MANY_SESSIONS,
            "max_concurrent_sessions (" + limits.maxConcurrentSessions() + ") reached")
            .with("limit", limits.maxConcurrentSessions());
      }
      s = new Session(newId(), params.clientName(), params.clientVersion(), policy, limits, observer, owner);
      sessions.put(s.id(), s);
    }
    lifecycle.opened(s);
    return s;
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
    return close(id, BY_SERVER);
  }

  /** Closes the session, {@code by} a principal's name or one of the {@code BY_*} words. */
  public boolean close(String id, String by) {
    Session s = sessions.remove(id);
    if (s == null || !s.close()) {
      return false;
    }
    lifecycle.closed(s, by);
    return true;
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
      if (!s.hasSubscribers() && now - s.lastActiveNanos() > idleNanos && close(s.id(), BY_IDLE)) {
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
