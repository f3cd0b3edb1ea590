package dev.rexd.core.exec;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.OkResult;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecInputResult;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.exec.ExecStartResult;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.process.Signals;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.session.ProcessSlot;
import dev.rexd.core.session.Session;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@code exec.*} methods (protocol section 4): starts commands, each in its own process group,
 * streams their output as events without loss, and answers waits, kills, input and replay.
 *
 * <p>Every process belongs to the session that started it and is kept, with its final state and
 * retained output, for the life of that session. Signals always go to the whole process group:
 * {@code exec.kill}, a timeout, the output limit, {@code session.close} (all but detached
 * processes) and {@link #shutdown()} (all processes) end grandchildren too. {@code detach: true}
 * only spares a process at {@code session.close}: its timeout still applies. Absent or 0
 * {@code timeout_ms} and {@code max_output_bytes} take the session's defaults, and larger values
 * are capped by its limits. Thread-safe.
 *
 * <pre>{@code
 * ExecService exec = new ExecService(ExecPolicy.defaults());
 * ExecStartResult r = exec.start(call, session, ExecStartParams.argv(session.id(), List.of("make", "test")));
 * // after the response is queued, call.runAfterResponse() starts the exec.stdout/exec.stderr events
 * ExecWaitResult done = exec.await(session, new ExecWaitParams(session.id(), r.processId(), null));
 * exec.shutdown();   // at server exit: ends every process group
 * }</pre>
 */
public final class ExecService {
  private static final long SWEEP_MILLIS = 1_000;

  private final ExecPolicy policy;
  private final Supplier<Spawner> spawner;
  private final ScheduledThreadPoolExecutor timer;
  private final Terminator terminator;
  private final Set<ExecProcess> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final AtomicBoolean sweepScheduled = new AtomicBoolean();
  private volatile boolean shutDown;

  /** A service that starts children through this JVM's spawner (see {@link Spawners#system()}). */
  public ExecService(ExecPolicy policy) {
    // chosen at the first start, not here: probing for posix_spawn loads native code, which would
    // delay a server's first answer
    this(policy, Spawners::system);
  }

  /** A service that starts children through {@code spawner}. */
  ExecService(ExecPolicy policy, Spawner spawner) {
    this(policy, () -> spawner);
  }

  private ExecService(ExecPolicy policy, Supplier<Spawner> spawner) {
    this.policy = policy;
    this.spawner = spawner;
    this.timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, "rexd-exec-timer");
      t.setDaemon(true);
      return t;
    });
    this.timer.setRemoveOnCancelPolicy(true);
    this.terminator = new Terminator(timer, policy.killGraceMillis());
  }

  /**
   * {@code exec.start}: checks, spawns, and returns the process id. Output events start only once
   * {@code call}'s after-response actions run, so the response goes out before any event.
   */
  public ExecStartResult start(CallContext call, Session session, ExecStartParams params) {
    ensureRunning();
    StartRequest request = StartRequest.of(session, params, policy);
    ProcessTable table = session.feature(ProcessTable.class, () -> new ProcessTable(terminator));
    ProcessSlot slot = session.acquireProcessSlot();
    Child child;
    try {
      child = spawner.get().spawn(request);
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    ExecProcess process = new ExecProcess("p_" + ids.incrementAndGet(), session, request, child, slot,
        terminator, this::ended);
    live.add(process);
    try {
      process.begin();
      table.add(process);
      ensureRunning();
    } catch (RuntimeException e) {
      // the session closed or the server is shutting down meanwhile: end it, let it finish quietly
      terminator.terminate(process);
      process.startPumps();
      throw e;
    }
    call.afterResponse(process::startPumps);
    return new ExecStartResult(process.id(), process.startedAt());
  }

  /**
   * {@code exec.wait}: the final state, or {@code running} when {@code timeout_ms} passed first;
   * without {@code timeout_ms}, blocks until the process ends.
   */
  public ExecWaitResult await(Session session, ExecWaitParams params) {
    return find(session, params.processId()).await(params.timeoutMs());
  }

  /** {@code exec.kill}: the signal (TERM by default) to the process group; ok if it already ended. */
  public OkResult kill(Session session, ExecKillParams params) {
    String name = params.signal();
    int signal = name == null ? Signals.TERM : Signals.number(name);
    find(session, params.processId()).signal(signal);
    return OkResult.OK;
  }

  /** {@code exec.input}: bytes for stdin (utf8 or base64), then EOF when {@code eof} is true. */
  public ExecInputResult input(Session session, ExecInputParams params) {
    ExecProcess process = find(session, params.processId());
    String data = params.data();
    Encoding encoding = params.encoding() == null ? Encoding.UTF8 : params.encoding();
    byte[] bytes = data == null ? new byte[0] : encoding.decode(data);
    return new ExecInputResult(process.input(bytes, Boolean.TRUE.equals(params.eof())));
  }

  /** {@code exec.output} [ext]: retained chunks after {@code after_seq}, and the process status. */
  public ExecOutputResult output(Session session, ExecOutputParams params) {
    ExecProcess process = find(session, params.processId());
    ProcessStatus status = process.status();   // first: a final status means the chunks are complete
    Long after = params.afterSeq();
    List<OutputChunk> chunks = process.output(params.stream(), after == null ? 0 : after);
    return new ExecOutputResult(process.id(), chunks, status);
  }

  /**
   * Ends every process group of every session, detached ones included (TERM, KILL after the grace
   * period), and stops the service's timer. Blocks for at most the grace period. Later starts fail.
   */
  public void shutdown() {
    shutDown = true;
    terminator.terminateAll(List.copyOf(live));
    timer.shutdownNow();
  }

  private ExecProcess find(Session session, String processId) {
    ProcessTable table = session.existingFeature(ProcessTable.class);
    if (table == null) {
      throw ProcessTable.notFound(processId);
    }
    return table.get(processId);
  }

  private void ensureRunning() {
    if (shutDown) {
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "the server is shutting down");
    }
  }

  /** A process ended: forget it here once its group is empty, else watch the group until it is. */
  private void ended(ExecProcess p) {
    if (p.checkGroupGone()) {
      live.remove(p);
    } else {
      scheduleSweep();
    }
  }

  private void scheduleSweep() {
    if (sweepScheduled.compareAndSet(false, true)) {
      try {
        terminator.schedule(this::sweep, SWEEP_MILLIS);
      } catch (RejectedExecutionException shuttingDown) {
        sweepScheduled.set(false);
      }
    }
  }

  private void sweep() {
    sweepScheduled.set(false);
    live.removeIf(ExecProcess::checkGroupGone);
    if (live.stream().anyMatch(ExecProcess::ended)) {
      scheduleSweep();
    }
  }
}
