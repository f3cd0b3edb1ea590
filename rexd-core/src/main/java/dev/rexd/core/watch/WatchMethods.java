package dev.rexd.core.watch;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.OkResult;
import dev.rexd.api.RexdException;
import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.ServerSessionsResult;
import dev.rexd.api.console.SessionEntry;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.rpc.MethodRegistry;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import java.util.Comparator;

/**
 * Binds {@code server.sessions}, {@code server.watch}, {@code server.unwatch},
 * {@code session.watch} and {@code session.unwatch}. Watching needs a streaming connection
 * (WebSocket, stdio): over HTTP POST it is {@code -32007 events_unavailable}. Roles are checked
 * before a handler runs (see {@link dev.rexd.core.auth.AccessRules}).
 *
 * <pre>{@code
 * WatchMethods.register(registry, sessions, watching);
 * }</pre>
 */
public final class WatchMethods {
  private WatchMethods() {}

  public static void register(MethodRegistry r, SessionManager sessions, WatchRegistry watching) {
    r.register(ConsoleMethods.SERVER_SESSIONS, (call, p) -> new ServerSessionsResult(sessions.all().stream()
        .sorted(Comparator.comparing(Session::openedAt))
        .map(WatchMethods::entry)
        .toList()));
    r.register(ConsoleMethods.SERVER_WATCH, (call, p) -> {
      watching.watchServer(channel(call));
      return OkResult.OK;
    });
    r.register(ConsoleMethods.SERVER_UNWATCH, (call, p) -> {
      watching.unwatchServer(channel(call));
      return OkResult.OK;
    });
    r.register(ConsoleMethods.SESSION_WATCH, (call, p) -> {
      EventChannel channel = channel(call);
      Session s = call.session(p.sessionId());
      watching.watchSession(channel, s, p.isReplay());
      return OkResult.OK;
    });
    r.register(ConsoleMethods.SESSION_UNWATCH, (call, p) -> {
      Session s = call.session(p.sessionId());
      watching.unwatchSession(channel(call), s);
      return OkResult.OK;
    });
  }

  private static SessionEntry entry(Session s) {
    return new SessionEntry(s.id(), s.clientName(), s.owner().name(), s.openedAt().toString(), s.hasSubscribers(),
        s.policy().rootNames(), s.cwd().toString(), s.processes(), s.ptys());
  }

  private static EventChannel channel(CallContext call) {
    EventChannel c = call.channel();
    if (c == null) {
      throw RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, "events_unavailable",
          call.method() + " needs a connection that carries events (WebSocket or stdio), not HTTP POST");
    }
    return c;
  }
}
