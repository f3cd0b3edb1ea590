package dev.rexd.core.rpc;

import dev.rexd.core.auth.Principal;
import dev.rexd.core.session.EventChannel;
import dev.rexd.core.session.Session;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Who sends a frame and how its calls find sessions: the principal, the streaming connection (null
 * for HTTP POST), and the lookup (which subscribes the owner's connection to the session).
 *
 * <pre>{@code
 * dispatcher.dispatch(frame, new Caller(principal, null, sessions::get), sink);
 * }</pre>
 */
public record Caller(Principal principal, @Nullable EventChannel channel, Function<String, Session> sessions) {
  CallContext newCall() {
    return new CallContext(sessions, channel, principal);
  }
}
