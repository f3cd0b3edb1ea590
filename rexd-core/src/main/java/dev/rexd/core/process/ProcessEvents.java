package dev.rexd.core.process;

import dev.rexd.api.RexdEvents;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.rpc.OutputEventFrames;
import dev.rexd.core.session.OutputTag;
import dev.rexd.core.session.Session;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The one way every event of every process leaves it: first the server's {@link ProcessHooks}, in
 * order, then the session's fan-out to its connections ({@link Session#publish},
 * {@link Session#publishOutput}). Exec processes send {@code exec.stdout} / {@code exec.stderr} /
 * {@code exec.exit}; terminals {@code pty.output} / {@code pty.exit}.
 *
 * <pre>{@code
 * ProcessEvents events = new ProcessEvents(List.of(recorder, transcript));
 * events.output(process, StreamName.STDOUT, 1, chunk);
 * }</pre>
 */
final class ProcessEvents {
  private static final System.Logger LOG = System.getLogger(ProcessEvents.class.getName());

  private final List<ProcessHooks> hooks;

  ProcessEvents(List<ProcessHooks> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  /** Asks each hook in turn; the first refusal wins. Completes at once when no hook holds. */
  CompletionStage<Verdict> beforeStart(StartContext start) {
    CompletionStage<Verdict> verdict = CompletableFuture.completedFuture(Verdict.ALLOW);
    for (ProcessHooks h : hooks) {
      verdict = verdict.thenCompose(v -> v.allowed() ? h.beforeStart(start) : CompletableFuture.completedFuture(v));
    }
    return verdict;
  }

  void started(ManagedProcess p) {
    for (ProcessHooks h : hooks) {
      try {
        h.onStart(p);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "process hook failed on the start of " + p.id(), e);
      }
    }
  }

  /** Hooks, then the session's connections (blocking while one is slow). */
  void output(ManagedProcess p, StreamName stream, long seq, ChunkEncoder.Chunk chunk) throws InterruptedException {
    if (!hooks.isEmpty()) {
      ProcessOutput o = new ProcessOutput(p, stream, seq, chunk.bytes());
      for (ProcessHooks h : hooks) {
        try {
          h.onOutput(o);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "process hook failed on output of " + p.id(), e);
        }
      }
    }
    Session session = p.session();
    String ptyId = p.ptyId();
    session.publishOutput(new OutputTag(p.id(), stream, seq), ptyId == null
        ? () -> OutputEventFrames.exec(stream, session.id(), p.id(), seq, chunk.bytes(), chunk.encoding())
        : () -> OutputEventFrames.pty(session.id(), ptyId, p.id(), seq, chunk.bytes(), chunk.encoding()));
  }

  void input(ManagedProcess p, byte[] data) {
    for (ProcessHooks h : hooks) {
      try {
        h.onInput(p, data);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "process hook failed on input to " + p.id(), e);
      }
    }
  }

  void resized(ManagedProcess p, TerminalSize size) {
    for (ProcessHooks h : hooks) {
      try {
        h.onResize(p, size);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "process hook failed on the resize of " + p.id(), e);
      }
    }
  }

  void exited(ManagedProcess p, ExitStatus status) throws InterruptedException {
    ProcessExit x = new ProcessExit(p, status);
    for (ProcessHooks h : hooks) {
      try {
        h.onExit(x);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "process hook failed on the exit of " + p.id(), e);
      }
    }
    Session session = p.session();
    String ptyId = p.ptyId();
    if (ptyId == null) {
      session.publish(RexdEvents.EXEC_EXIT, status.toExecEvent(session.id(), p.id()));
    } else {
      session.publish(RexdEvents.PTY_EXIT, status.toPtyEvent(session.id(), ptyId, p.id()));
    }
  }
}
