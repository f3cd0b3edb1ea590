package dev.rexd.core.recording;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Records every process of every session through the process hooks: commands into their
 * session's recording (made at the session's first command, closed after the session and its
 * last command ended), each terminal into a recording of its own.
 *
 * <pre>{@code
 * RexdServer.builder().processHooks(new RecordingHooks(recorder))
 * }</pre>
 */
public final class RecordingHooks implements ProcessHooks {
  private final Recorder recorder;
  private final Map<String, SessionRecording> sessions = new ConcurrentHashMap<>();
  private final Map<String, TerminalRecording> terminals = new ConcurrentHashMap<>();

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
        size == null ? Recorder.DEFAULT_COLS : size.cols(), size == null ? Recorder.DEFAULT_ROWS : size.rows(), null);
    if (t != null) {
      terminals.put(key(p), t);
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
      SessionRecording made = recorder.recordSession(session.id(), session.clientName(), null);
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
      TerminalRecording t = terminals.get(key(p));
      if (t != null) {
        t.output(o.bytes(), 0, o.bytes().length);
      }
    }
  }

  @Override
  public void onInput(ManagedProcess p, byte[] data) {
    TerminalRecording t = terminals.get(key(p));
    if (t != null) {
      t.input(data, 0, data.length);
    }
  }

  @Override
  public void onResize(ManagedProcess p, TerminalSize size) {
    TerminalRecording t = terminals.get(key(p));
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
      TerminalRecording t = terminals.remove(key(p));
      if (t != null) {
        t.exited(st.exitCode(), st.signal());
        t.close();
      }
    }
  }

  private static String key(ManagedProcess p) {
    return p.session().id() + "/" + p.id();
  }
}
