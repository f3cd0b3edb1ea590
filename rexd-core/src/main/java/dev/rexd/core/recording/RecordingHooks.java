package dev.rexd.core.recording;

import dev.rexd.api.RexdEvent;
import dev.rexd.api.console.ApprovalDecidedEvent;
import dev.rexd.api.console.ApprovalRequest;
import dev.rexd.api.console.PtyInputByEvent;
import dev.rexd.api.exec.StreamName;
import dev.rexd.core.process.ExitStatus;
import dev.rexd.core.process.ManagedProcess;
import dev.rexd.core.process.ProcessExit;
import dev.rexd.core.process.ProcessHooks;
import dev.rexd.core.process.ProcessOutput;
import dev.rexd.core.process.ProcessRequest;
import dev.rexd.core.process.TerminalSize;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionFeature;
import dev.rexd.core.session.SessionObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Records every process of every session through the process hooks: commands into their
 * session's recording (made at the session's first command or approval, closed after the session
 * and its last command ended), each terminal into a recording of its own. As the session's
 * {@link SessionObserver} it adds markers ({@code m}): to the session's recording for each
 * approval asked and decided, and to both recordings when someone other than the session's owner
 * types into a terminal (an operator taking over).
 *
 * <pre>{@code
 * RecordingHooks hooks = new RecordingHooks(recorder);
 * RexdServer.builder().processHooks(hooks);   // and hooks.published(...) from the session observer
 * }</pre>
 */
public final class RecordingHooks implements ProcessHooks, SessionObserver {
  private final Recorder recorder;
  private final Map<String, SessionRecording> sessions = new ConcurrentHashMap<>();
  private final Map<String, TerminalRecording> terminals = new ConcurrentHashMap<>();
  /** The command line of each pending approval, for the marker of its decision. */
  private final Map<String, String> asked = new ConcurrentHashMap<>();

  public RecordingHooks(Recorder recorder) {
    this.recorder = recorder;
  }

  /** The recording of a session's commands, if it ran one. */
  public @Nullable SessionRecording sessionRecording(String sessionId) {
    return sessions.get(sessionId);
  }

  @Override
  public void onStart(ManagedProcess p) {
    ProcessRequest r = p.request();
    String commandLine = r.command() != null ? r.command() : CommandLines.join(r.argv() == null ? r.spec().argv() : r.argv());
    String ptyId = p.ptyId();
    if (ptyId == null) {
      SessionRecording s = sessionOf(p.session());
      if (s != null) {
        s.commandStarted(p.id(), commandLine);
      }
      return;
    }
    TerminalSize size = r.spec().terminal();
    TerminalRecording t = recorder.recordTerminal(p.session().id(), ptyId, commandLine,
        size == null ? Recorder.DEFAULT_COLS : size.cols(), size == null ? Recorder.DEFAULT_ROWS : size.rows(), p.session().owner().name());
    if (t != null) {
      terminals.put(terminalKey(p.session().id(), ptyId), t);
    }
  }

  /** Markers for approvals and for terminal input by someone other than the session's owner. */
  @Override
  public void published(Session session, RexdEvent<?> event, Object params) {
    if (params instanceof ApprovalRequest r) {
      asked.put(r.approvalId(), r.commandLine());
      mark(session, "approval asked (" + r.approvalId() + "): " + r.commandLine());
    } else if (params instanceof ApprovalDecidedEvent d) {
      String line = asked.remove(d.approvalId());
      mark(session, decisionLabel(d) + (line == null ? "" : ": " + line));
    } else if (params instanceof PtyInputByEvent in && !in.by().equals(session.owner().name())) {
      mark(session, in.by() + " types into " + in.ptyId());
      TerminalRecording t = terminals.get(terminalKey(session.id(), in.ptyId()));
      if (t != null) {
        t.marker(in.by() + " types");
      }
    }
  }

  private static String decisionLabel(ApprovalDecidedEvent d) {
    String what = switch (d.decision()) {
      case "approve" -> "approved by " + d.by();
      case "deny" -> "denied by " + d.by();
      default -> "approval " + d.decision();
    };
    return what + " (" + d.approvalId() + (d.reason() == null ? ")" : ", " + d.reason() + ")");
  }

  private void mark(Session session, String label) {
    SessionRecording s = sessionOf(session);
    if (s != null) {
      s.marker(label);
    }
  }

  private @Nullable SessionRecording sessionOf(Session session) {
    SessionRecording existing = sessions.get(session.id());
    if (existing != null) {
      return existing;
    }
    synchronized (sessions) {
      existing = sessions.get(session.id());
      if (existing != null) {
        return existing;
      }
      SessionRecording made = recorder.recordSession(session.id(), session.clientName(), session.owner().name());
      if (made != null) {
        sessions.put(session.id(), made);
        session.feature(Ending.class, () -> new Ending(this, session.id()));
      }
      return made;
    }
  }

  /** Closes a session's recording with the session. */
  private record Ending(RecordingHooks hooks, String sessionId) implements SessionFeature {
    @Override
    public void close() {
      SessionRecording r = hooks.sessions.remove(sessionId);
      if (r != null) {
        r.closeWhenIdle();
      }
    }
  }

  @Override
  public void onOutput(ProcessOutput o) {
    ManagedProcess p = o.process();
    if (p.ptyId() == null) {
      SessionRecording s = sessions.get(p.session().id());
      if (s != null) {
        s.output(p.id(), o.stream() == StreamName.STDERR, o.bytes(), 0, o.bytes().length);
      }
    } else {
      TerminalRecording t = terminalOf(p);
      if (t != null) {
        t.output(o.bytes(), 0, o.bytes().length);
      }
    }
  }

  @Override
  public void onInput(ManagedProcess p, byte[] data) {
    TerminalRecording t = terminalOf(p);
    if (t != null) {
      t.input(data, 0, data.length);
    }
  }

  @Override
  public void onResize(ManagedProcess p, TerminalSize size) {
    TerminalRecording t = terminalOf(p);
    if (t != null) {
      t.resized(size.cols(), size.rows());
    }
  }

  @Override
  public void onExit(ProcessExit x) {
    ManagedProcess p = x.process();
    ExitStatus st = x.status();
    if (p.ptyId() == null) {
      SessionRecording s = sessions.get(p.session().id());
      if (s != null) {
        s.commandEnded(p.id(), st.exitCode(), st.signal(), st.timedOut(), st.durationMs());
      }
    } else {
      TerminalRecording t = terminals.remove(terminalKey(p.session().id(), p.ptyId()));
      if (t != null) {
        t.exited(st.exitCode(), st.signal());
        t.close();
      }
    }
  }

  private @Nullable TerminalRecording terminalOf(ManagedProcess p) {
    String ptyId = p.ptyId();
    return ptyId == null ? null : terminals.get(terminalKey(p.session().id(), ptyId));
  }

  private static String terminalKey(String sessionId, String ptyId) {
    return sessionId + "/" + ptyId;
  }
}
