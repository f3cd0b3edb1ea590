package dev.rexd.core.exec;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.core.session.SessionFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one session, running and ended (an ended process keeps answering
 * {@code exec.wait} and {@code exec.output} for the life of the session). Closing the session
 * ends the process group of every process that was not started with {@code detach: true}.
 *
 * <pre>{@code
 * ProcessTable table = session.feature(ProcessTable.class, () -> new ProcessTable(terminator));
 * ExecProcess p = table.get(processId);   // -32005 when this session has no such process
 * }</pre>
 */
final class ProcessTable implements SessionFeature {
  private static final long EXIT_EVENT_WAIT_MS = 5_000;

  private final Terminator terminator;
  private final Map<String, ExecProcess> processes = new LinkedHashMap<>();

  private boolean closed;

  ProcessTable(Terminator terminator) {
    this.terminator = terminator;
  }

  /** Adds a new process; refused once the session closed. */
  synchronized void add(ExecProcess p) {
    if (closed) {
      throw RexdException.invalidParams(Reasons.SESSION_NOT_FOUND, "the session was closed");
    }
    processes.put(p.id(), p);
  }

  /** The process with this id, or {@code -32005 process_not_found}. */
  synchronized ExecProcess get(String processId) {
    ExecProcess p = processes.get(processId);
    if (p == null) {
      throw notFound(processId);
    }
    return p;
  }

  static RexdException notFound(String processId) {
    return RexdException.of(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND,
        "no process " + processId + " in this session").with("process_id", processId);
  }

  @Override
  public synchronized List<ProcessSummary> processes() {
    List<ProcessSummary> out = new ArrayList<>(processes.size());
    processes.values().forEach(p -> out.add(p.summary()));
    return out;
  }

  /** Ends the group of every non-detached process (TERM, KILL after the grace period); blocks. */
  @Override
  public void close() {
    List<ExecProcess> toEnd = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (ExecProcess p : processes.values()) {
        if (!p.detached()) {
          toEnd.add(p);
        }
      }
    }
    terminator.terminateAll(toEnd);
    // let each exec.exit reach the session's channels before the session drops them
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_EVENT_WAIT_MS);
    for (ExecProcess p : toEnd) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        break;
      }
      p.await(left);
    }
  }
}
