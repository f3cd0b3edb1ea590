package dev.rexd.agent;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the tools get their session: one given session (its caller owns it), or a connector that
 * is called again after a connection was lost, so a host that was unreachable for one call is
 * tried afresh on the next.
 *
 * <pre>{@code
 * SessionSource source = SessionSource.reconnecting(() -> targets.connect("prod"), "agent");
 * RexdSession s = source.get();
 * }</pre>
 */
final class SessionSource implements AutoCloseable {
  private final @Nullable Supplier<RexdClient> connector;
  private final String clientName;
  private @Nullable RexdClient client;
  private @Nullable RexdSession session;

  private SessionSource(@Nullable RexdSession session, @Nullable Supplier<RexdClient> connector, String clientName) {
    this.session = session;
    this.connector = connector;
    this.clientName = clientName;
  }

  static SessionSource fixed(RexdSession session) {
    return new SessionSource(session, null, "");
  }

  static SessionSource reconnecting(Supplier<RexdClient> connector, String clientName) {
    return new SessionSource(null, connector, clientName);
  }

  /** The session, connected and opened now if needed. */
  synchronized RexdSession get() {
    RexdSession s = session;
    if (s != null) {
      return s;
    }
    RexdClient c = java.util.Objects.requireNonNull(connector, "connector").get();
    try {
      s = c.openSession(clientName);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    client = c;
    session = s;
    return s;
  }

  /** Whether a lost connection is followed by a new one. */
  boolean reconnects() {
    return connector != null;
  }

  /** The connection of {@code broken} was lost: forget it, so the next call connects again. */
  synchronized void lost(RexdSession broken) {
    if (connector != null && session == broken) {
      close();
    }
  }

  @Override
  public synchronized void close() {
    RexdClient c = client;
    RexdSession s = session;
    session = null;
    client = null;
    if (c != null && s != null) {
      try {
        s.close();
      } catch (RuntimeException gone) {
        // the connection is lost already
      }
      c.close();
    }
  }
}
