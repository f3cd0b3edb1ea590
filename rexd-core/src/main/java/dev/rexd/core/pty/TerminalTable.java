package dev.rexd.core.pty;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.PtySummary;
import dev.rexd.core.session.SessionFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The terminals of one session, running and ended, for {@code session.info}. Closing the session
 * hangs up every terminal that is still running and waits (a bounded time) for their
 * {@code pty.exit} events, so subscribers get them before the session lets go of its channels.
 *
 * <pre>{@code
 * TerminalTable table = session.feature(TerminalTable.class, () -> new TerminalTable(hangup));
 * Terminal t = table.get(ptyId);   // -32005 when this session has no such terminal
 * }</pre>
 */
final class TerminalTable implements SessionFeature {
  private static final long EXIT_EVENTS_WAIT_MILLIS = 5_000;

  private final SessionHangup hangup;
  private final Map<String, Terminal> terminals = new LinkedHashMap<>();
  private boolean closed;

  TerminalTable(SessionHangup hangup) {
    this.hangup = hangup;
  }

  /** Adds a new terminal; refused once the session closed. */
  synchronized void add(Terminal t) {
    if (closed) {
      throw RexdException.invalidParams(Reasons.SESSION_NOT_FOUND, "the session was closed");
    }
    terminals.put(t.ptyId(), t);
  }

  /** The terminal with this id, or {@code -32005 process_not_found}. */
  synchronized Terminal get(String ptyId) {
    Terminal t = terminals.get(ptyId);
    if (t == null) {
      throw notFound(ptyId);
    }
    return t;
  }

  static RexdException notFound(String ptyId) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND,
        "no terminal " + ptyId + " in this session").with("pty_id", ptyId);
  }

  @Override
  public synchronized List<PtySummary> ptys() {
    List<PtySummary> out = new ArrayList<>(terminals.size());
    terminals.values().forEach(t -> out.add(t.summary()));
    return out;
  }

  /**
   * Hangs up every running terminal of the session; blocks for the grace period at most, then for
   * their exit events.
   */
  @Override
  public void close() {
    List<Terminal> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(terminals.values());
    }
    Terminal.closeAll(all, hangup);
    Terminal.awaitDone(all, EXIT_EVENTS_WAIT_MILLIS);
  }
}
