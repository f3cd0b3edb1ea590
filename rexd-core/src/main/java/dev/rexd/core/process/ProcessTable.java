package dev.rexd.core.process;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.api.session.PtySummary;
import dev.rexd.core.session.SessionFeature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes and terminals of one session, running and ended (an ended process keeps
 * answering {@code exec.wait} and {@code exec.output}). Closing the session ends the process
 * group of everything not started with {@code detach: true} and waits (a bounded time) for their
 * exit events, so the session's connections get them before it lets go of them.
 *
 * <pre>{@code
 * ProcessTable table = session.feature(ProcessTable.class, () -> new ProcessTable(terminator));
 * ManagedProcess p = table.get(processId);   // -32005 when this session has no such process
 * }</pre>
 */
final class ProcessTable implements SessionFeature {
  private static final long EXIT_EVENT_WAIT_MS = 5_000;

  private final Terminator terminator;
  private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
  private final Map<String, ManagedProcess> terminals = new HashMap<>();

  private boolean closed;

  ProcessTable(Terminator terminator) {
    this.terminator = terminator;
  }

  /** Adds a new process; refused once the session closed. */
  synchronized void add(ManagedProcess p) {
    if (closed) {
      throw RexdException.invalidParams(Reasons.SESSION_NOT_FOUND, "the session was closed");
    }
    processes.put(p.id(), p);
    String ptyId = p.ptyId();
    if (ptyId != null) {
      terminals.put(ptyId, p);
    }
  }

  /** The process with this id, or {@code -32005 process_not_found}. */
  synchronized ManagedProcess get(String processId) {
    ManagedProcess p = processes.get(processId);
    if (p == null) {
      throw notFound(processId);
    }
    return p;
  }

  /** The terminal with this {@code pty_id}, or {@code -32005 process_not_found}. */
  synchronized ManagedProcess terminal(String ptyId) {
    ManagedProcess p = terminals.get(ptyId);
    if (p == null) {
      throw terminalNotFound(ptyId);
    }
    return p;
  }

  static RexdException notFound(String processId) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND,
        "no process " + processId + " in this session").with("process_id", processId);
  }

  static RexdException terminalNotFound(String ptyId) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND,
        "no terminal " + ptyId + " in this session").with("pty_id", ptyId);
  }

  @Override
  public synchronized List<ProcessSummary> processes() {
    List<ProcessSummary> out = new ArrayList<>(processes.size());
    processes.values().stream().filter(p -> p.ptyId() == null).forEach(p -> out.add(p.summary()));
    return out;
  }

  @Override
  public synchronized List<PtySummary> ptys() {
    List<PtySummary> out = new ArrayList<>(terminals.size());
    processes.values().stream().filter(p -> p.ptyId() != null).forEach(p -> out.add(p.terminalSummary()));
    return out;
  }

  /** Ends the group of every non-detached process (see {@link Terminator#terminateAll}); blocks. */
  @Override
  public void close() {
    List<ManagedProcess> toEnd = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (ManagedProcess p : processes.values()) {
        if (!p.detached()) {
          toEnd.add(p);
        }
      }
    }
    terminator.terminateAll(toEnd);
    awaitExits(toEnd, EXIT_EVENT_WAIT_MS);
  }

  /** Waits, up to {@code millis} in all, until each process sent its exit event. */
  static void awaitExits(List<ManagedProcess> processes, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (ManagedProcess p : processes) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      p.awaitExit(left);
    }
  }
}
