package dev.rexd.core.watch;

import dev.rexd.api.RexdEvent;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.SessionClosedEvent;
import dev.rexd.api.console.ServerUnwatchedEvent;
import dev.rexd.api.console.SessionOpenedEvent;
import dev.rexd.api.console.SessionUnwatchedEvent;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.core.process.ProcessReplay;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who watches what: connections that called {@code server.watch} (they get
 * {@code session.opened}, {@code session.closed} and the approval events of every session) and
 * connections that called {@code session.watch} (every event of that session plus its lifecycle
 * events). Each watch has its own {@link WatchQueue}, so a slow console never slows an agent.
 *
 * <pre>{@code
 * WatchRegistry watching = new WatchRegistry(8 << 20);
 * SessionManager sessions = new SessionManager(policy, limits, observer, watching);
 * watching.watchSession(connection, session, true);
 * watching.broadcast(session, ConsoleMethods.APPROVAL_REQUESTED, request);
 * }</pre>
 */
public final class WatchRegistry implements SessionManager.Lifecycle {
  private record Key(EventChannel channel, String sessionId) {}

  private final long queueBytes;
  private final Map<EventChannel, WatchQueue> serverWatchers = new ConcurrentHashMap<>();
  private final Map<Key, WatchQueue> sessionWatchers = new ConcurrentHashMap<>();

  /** @param queueBytes how many bytes of events may wait for one watcher before it is dropped */
  public WatchRegistry(long queueBytes) {
    if (queueBytes <= 0) {
      throw new IllegalArgumentException("watch queue bytes must be positive");
    }
    this.queueBytes = queueBytes;
  }

  /**
   * {@code server.watch}: {@code channel} hears sessions open and close, and every approval; one
   * that falls behind its queue gets {@code server.unwatched} (reason {@code slow}) after what was
   * queued, and hears no more until it watches again.
   */
  public void watchServer(EventChannel channel) {
    String farewell = encode(ConsoleMethods.SERVER_UNWATCHED, new ServerUnwatchedEvent("slow"));
    serverWatchers.computeIfAbsent(channel, c -> {
      WatchQueue[] self = new WatchQueue[1];
      self[0] = WatchQueue.start(c, queueBytes, farewell, () -> serverWatchers.remove(c, self[0]));
      return self[0];
    });
  }

  /** {@code server.unwatch}. */
  public void unwatchServer(EventChannel channel) {
    WatchQueue q = serverWatchers.remove(channel);
    if (q != null) {
      q.stop();
    }
  }

  /**
   * {@code session.watch}: {@code channel} receives the session's later events through its own
   * queue; with {@code replay}, the retained output of its running processes and terminals first,
   * with the original {@code seq}, and then the live events, none twice and none missing. Watching
   * a session twice keeps the first watch and returns false.
   */
  public boolean watchSession(EventChannel channel, Session session, boolean replay) {
    Key key = new Key(channel, session.id());
    String farewell = encode(ConsoleMethods.SESSION_UNWATCHED, new SessionUnwatchedEvent(session.id(), "slow"));
    WatchQueue[] holder = new WatchQueue[1];
    WatchQueue q = sessionWatchers.computeIfAbsent(key, k -> {
      holder[0] = WatchQueue.start(channel, queueBytes, farewell, () -> {
        WatchQueue self = holder[0];
        if (self != null) {
          sessionWatchers.remove(k, self);
          session.unwatch(self);
        }
      });
      return holder[0];
    });
    if (q != holder[0]) {
      return false;
    }
    if (replay) {
      // attach first, holding live frames, then snapshot: a chunk is retained before it is
      // published, so it is in the snapshot, or held, or both (then the seq skips the copy)
      q.holdLive();
      session.watch(q);
      q.replay(ProcessReplay.of(session));
    } else {
      session.watch(q);
    }
    return true;
  }

  /** {@code session.unwatch}; false when {@code channel} did not watch it. */
  public boolean unwatchSession(EventChannel channel, Session session) {
    WatchQueue q = sessionWatchers.remove(new Key(channel, session.id()));
    if (q == null) {
      return false;
    }
    session.unwatch(q);
    q.stop();
    return true;
  }

  /**
   * Sends an event about {@code session} to its watchers and to every {@code server.watch}
   * connection that does not watch it already.
   */
  public <E> void broadcast(Session session, RexdEvent<E> event, E params) {
    session.publishToWatchers(event, params);
    toServerWatchers(session.id(), encode(event, params));
  }

  @Override
  public void opened(Session session) {
    toServerWatchers(session.id(), encode(ConsoleMethods.SESSION_OPENED, new SessionOpenedEvent(session.id(),
        session.clientName(), session.owner().name(), session.openedAt().toString())));
  }

  @Override
  public void closed(Session session, String by) {
    String frame = encode(ConsoleMethods.SESSION_CLOSED, new SessionClosedEvent(session.id(), by));
    sessionWatchers.forEach((key, q) -> {
      if (key.sessionId().equals(session.id())) {
        q.force(frame);
        q.finish();
        sessionWatchers.remove(key, q);
      }
    });
    toServerWatchers(session.id(), frame);
  }

  private void toServerWatchers(String sessionId, String frame) {
    serverWatchers.forEach((channel, q) -> {
      if (!sessionWatchers.containsKey(new Key(channel, sessionId)) && !q.offer(frame)) {
        serverWatchers.remove(channel, q);
      }
    });
  }

  static <E> String encode(RexdEvent<E> event, E params) {
    return JsonRpcCodec.encode(new JsonRpcNotification(event.name(), RexdJson.mapper().valueToTree(params)));
  }
}
