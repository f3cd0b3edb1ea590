package dev.rexd.core.watch;

import dev.rexd.api.console.ConsoleMethods;
import dev.rexd.api.console.ExecStartedEvent;
import dev.rexd.api.console.PtyInputByEvent;
import dev.rexd.api.console.PtyOpenedEvent;
import dev.rexd.api.console.PtyResizedEvent;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.process.ManagedProcess;
import dev.rexd.core.process.ProcessHooks;
import dev.rexd.core.process.ProcessRequest;
import dev.rexd.core.process.TerminalSize;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionFeature;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lifecycle events only watchers receive (protocol section 9.3): {@code exec.started} and
 * {@code pty.opened} (from {@link #HOOKS}, before the start's response, so before any output),
 * {@code pty.resized}, and
 * {@code pty.input_by} when the person or agent typing into a terminal changes (who, never what).
 * Nothing is computed for a session nobody watches.
 *
 * <pre>{@code
 * RexdServer.builder().processHooks(LifecycleEvents.HOOKS);   // the server adds it itself
 * LifecycleEvents.ptyResized(session, ptyId, 200, 50, call.principal());
 * }</pre>
 */
public final class LifecycleEvents {
  private LifecycleEvents() {}

  /**
   * The process hook that announces each start to the session's watchers: {@code exec.started}
   * (with the starting principal, the session's owner) or {@code pty.opened}.
   */
  public static final ProcessHooks HOOKS = new ProcessHooks() {
    @Override
    public void onStart(ManagedProcess p) {
      Session s = p.session();
      if (!s.hasWatchers()) {
        return;
      }
      ProcessRequest r = p.request();
      String ptyId = p.ptyId();
      TerminalSize size = r.spec().terminal();
      if (ptyId == null || size == null) {
        s.publishToWatchers(ConsoleMethods.EXEC_STARTED, new ExecStartedEvent(s.id(), p.id(), r.argv(), r.command(),
            r.spec().cwd().toString(), p.startedAt(), s.owner().name()));
      } else {
        s.publishToWatchers(ConsoleMethods.PTY_OPENED, new PtyOpenedEvent(s.id(), ptyId, p.id(), r.argv(),
            r.command(), size.cols(), size.rows()));
      }
    }
  };

  public static void ptyResized(Session s, String ptyId, int cols, int rows, Principal by) {
    s.publishToWatchers(ConsoleMethods.PTY_RESIZED, new PtyResizedEvent(s.id(), ptyId, cols, rows, by.name()));
  }

  /** {@code pty.input_by}, when {@code by} is not who typed into this terminal last. */
  public static void ptyInput(Session s, String ptyId, Principal by) {
    Typists typists = s.feature(Typists.class, Typists::new);
    if (!Objects.equals(typists.last.put(ptyId, by.name()), by.name())) {
      s.publishToWatchers(ConsoleMethods.PTY_INPUT_BY, new PtyInputByEvent(s.id(), ptyId, by.name()));
    }
  }

  /** Who typed into each terminal of a session last. */
  private static final class Typists implements SessionFeature {
    final Map<String, String> last = new ConcurrentHashMap<>();

    @Override
    public void close() {
      last.clear();
    }
  }
}
