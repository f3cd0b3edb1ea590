package dev.rexd.core.process;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.api.session.PtySummary;
import dev.rexd.core.session.SessionFeature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The processes and terminals of one session, running and ended: an ended process keeps
 * answering {@code exec.wait} and {@code exec.output} until it is one of more than
 * {@code max_retained_processes} ended ones, when the oldest is evicted and its id answers
 * {@code -32005} with reason {@code evicted} (the last {@value #EVICTED_IDS_REMEMBERED} evicted
 * ids are remembered; older ones are just unknown). Closing the session ends the process
 * group of everything not started with {@code detach: true} and waits (a bounded time) for their
 * exit events, so the session's connections get them before it lets go of them.
 *
 * <pre>{@code
 * ProcessTable table = session.feature(ProcessTable.class, () -> new ProcessTable(terminator, 256));
 * ManagedProcess p = table.get(processId);   // -32005 when this session has no such process
 * }</pre>
 */
final class ProcessTable implements SessionFeature {
  private static final long EXIT_EVENT_WAIT_MS = 5_000;
  static final int EVICTED_IDS_REMEMBERED = 4096;

  private final Terminator terminator;
  private final int maxRetained;
  private final ArrayDeque<ManagedProcess> ended = new ArrayDeque<>();
  private final Set<String> evicted = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > EVICTED_IDS_REMEMBERED;
    }
  });
  private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
  private final Map<String, ManagedProcess> terminals = new HashMap<>();

  private boolean closed;

  ProcessTable(Terminator terminator, int maxRetained) {
    this.terminator = terminator;
    this.maxRetained = maxRetained;
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
      throw evicted.contains(processId) ? evicted(processId, "process_id") : notFound(processId);
    }
    return p;
  }

  /** The terminal with this {@code pty_id}, or {@code -32005 process_not_found}. */
  synchronized ManagedProcess terminal(String ptyId) {
    ManagedProcess p = terminals.get(ptyId);
    if (p == null) {
      throw evicted.contains(ptyId) ? evicted(ptyId, "pty_id") : terminalNotFound(ptyId);
    }
    return p;
  }

  /** {@code p} ended: the oldest ended process goes once more than the limit have ended. */
  void ended(ManagedProcess p) {
    ManagedProcess gone;
    synchronized (this) {
      if (closed || !processes.containsKey(p.id())) {
        return;
      }
      ended.addLast(p);
      if (ended.size() <= maxRetained) {
        return;
      }
      gone = ended.removeFirst();
      processes.remove(gone.id());
      evicted.add(gone.id());
      String ptyId = gone.ptyId();
      if (ptyId != null) {
        terminals.remove(ptyId);
        evicted.add(ptyId);
      }
    }
    gone.dropHistory();
  }

  private static RexdException evicted(String id, String field) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.EVICTED,
        id + " was evicted: only the last ended processes of a session are kept (max_retained_processes)")
        .with(field, id);
  }

  static RexdException notFound(String processId) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND,
        "no process " + processId + " in this session").with("process_id", processId);
  }

  static RexdException terminalNotFound(String ptyId) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND,
        "no terminal " + ptyId + " in this session").with("pty_id", ptyId);
  }

  /** The processes and terminals still running, in the order they started. */
  synchronized List<ManagedProcess> running() {
    List<ManagedProcess> out = new ArrayList<>();
    for (ManagedProcess p : processes.values()) {
      if (!p.ended()) {
        out.add(p);
      }
    }
    return out;
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

  @Override
  public boolean runsProcesses() {
    return true;
  }

  /** Ends the group of every non-detached process (see {@link Terminator#terminateAll}); blocks. */
  @Override
  public void close() {
    List<ManagedProcess> toEnd = new ArrayList<>();
    List<ManagedProcess> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(processes.values());
      for (ManagedProcess p : all) {
        if (!p.detached()) {
          toEnd.add(p);
        }
      }
    }
    terminator.terminateAll(toEnd);
    awaitExits(toEnd, EXIT_EVENT_WAIT_MS);
    all.forEach(ManagedProcess::dropHistory);
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
