package dev.rexd.core.process;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.Limits;
import dev.rexd.core.policy.OpenDirectory;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.session.ProcessSlot;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The server's processes and terminals, one model for both: starts them through the
 * {@link Spawner} after the {@link ProcessHooks} allowed it, keeps each in its session's table,
 * streams its output through the hooks to the session, and ends them (one {@link Terminator}:
 * the group's end signals, KILL after the grace period). {@code exec.*} and {@code pty.*} are thin
 * method handlers over it. Thread-safe.
 *
 * <pre>{@code
 * ProcessService processes = new ProcessService(ProcessPolicy.defaults(), Spawners::system, List.of());
 * ManagedProcess p = processes.start(call, session, request);   // events after call's response
 * ManagedProcess again = processes.process(session, p.id());   // -32005 from another session
 * processes.shutdown();                                          // at server exit
 * }</pre>
 */
public final class ProcessService {
  private static final System.Logger LOG = System.getLogger(ProcessService.class.getName());
  private static final long SWEEP_MILLIS = 1_000;
  private static final long EXIT_EVENTS_WAIT_MILLIS = 5_000;
  private static final long PROBE_SECONDS = 10;

  private final ProcessPolicy policy;
  private final Supplier<Spawner> spawner;
  private final ProcessEvents events;
  private final ScheduledThreadPoolExecutor timer;
  /** Sends the unfinished lines of {@code strip_ansi} processes after a pause: may block on a slow client. */
  private final ExecutorService textFlushes;
  private final Terminator terminator;
  private final RetainedOutput retained;
  private final Set<ManagedProcess> live = ConcurrentHashMap.newKeySet();
  private final AtomicLong processIds = new AtomicLong();
  private final AtomicLong terminalIds = new AtomicLong();
  private final AtomicBoolean sweepScheduled = new AtomicBoolean();
  private volatile @Nullable Boolean terminalsWork;
  private volatile boolean shutDown;

  /** A service with the default {@code max_retained_bytes} (see the full constructor). */
  public ProcessService(ProcessPolicy policy, Supplier<Spawner> spawner, List<ProcessHooks> hooks) {
    this(policy, spawner, hooks, Limits.defaults().maxRetainedBytes());
  }

  /**
   * A service under {@code policy}, starting children through {@code spawner} (asked at the first
   * start, so choosing it never delays a server's first answer), with these hooks in order, and
   * at most {@code maxRetainedBytes} of output retained in all.
   */
  public ProcessService(ProcessPolicy policy, Supplier<Spawner> spawner, List<ProcessHooks> hooks,
      long maxRetainedBytes) {
    this.policy = policy;
    this.retained = new RetainedOutput(maxRetainedBytes);
    this.spawner = spawner;
    this.events = new ProcessEvents(hooks);
    this.timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread t = new Thread(task, "rexd-process-timer");
      t.setDaemon(true);
      return t;
    });
    this.timer.setRemoveOnCancelPolicy(true);
    this.textFlushes = Executors.newCachedThreadPool(task -> {
      Thread t = new Thread(task, "rexd-text-flush");
      t.setDaemon(true);
      return t;
    });
    this.terminator = new Terminator(timer, policy.killGraceMillis());
  }

  public ProcessPolicy policy() {
    return policy;
  }

  /**
   * Starts a checked request: asks the hooks, takes a process slot, spawns, registers the process
   * in its session's table. Output events start only once {@code call}'s after-response actions
   * run, so the response goes out before any event. A hook that holds the start keeps this call
   * waiting for its verdict.
   */
  public ManagedProcess start(CallContext call, Session session, ProcessRequest request) {
    ensureRunning();
    return startAllowed(call, session, request, verdict(new StartContext(session, request)));
  }

  /**
   * {@link #start} for a caller that must not wait: when the hooks decided at once and the
   * spawner starts this child at once ({@link Spawner#spawnsAtOnce}), the process starts on the
   * calling thread; otherwise it starts on {@code executor}, once the hooks decided, without a
   * thread waiting for a start they hold (an approval). The stage fails with a refusal.
   */
  public CompletionStage<ManagedProcess> startAsync(CallContext call, Session session, ProcessRequest request,
      Executor executor) {
    ensureRunning();
    CompletableFuture<Verdict> v = events.beforeStart(new StartContext(session, request)).toCompletableFuture();
    if (v.isDone() && !v.isCompletedExceptionally() && spawner.get().spawnsAtOnce(request.spec())) {
      return CompletableFuture.completedFuture(startAllowed(call, session, request, v.join()));
    }
    return v.thenApplyAsync(verdict -> startAllowed(call, session, request, verdict), executor);
  }

  private ManagedProcess startAllowed(CallContext call, Session session, ProcessRequest request, Verdict verdict) {
    RexdException refusal = verdict.refusal();
    if (refusal != null) {
      throw refusal;
    }
    ensureRunning();
    ProcessTable table = session.feature(ProcessTable.class,
        () -> new ProcessTable(terminator, session.limits().maxRetainedProcesses()));
    ProcessSlot slot = session.acquireProcessSlot();
    Child child;
    try {
      child = spawn(session, request.spec());
    } catch (RuntimeException e) {
      slot.release();
      throw e;
    }
    String id;
    String ptyId = null;
    if (request.terminal()) {
      long n = terminalIds.incrementAndGet();
      ptyId = "pty_" + n;
      id = "proc_pty_" + n;
    } else {
      id = "p_" + processIds.incrementAndGet();
    }
    ManagedProcess process = new ManagedProcess(id, ptyId, session, request, child, slot, terminator, events,
        retained, textFlushes, this::ended);
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
    events.started(process);
    call.afterResponse(process::startPumps);
    return process;
  }

  /** The process with this {@code process_id} in {@code session}, or {@code -32005}. */
  public ManagedProcess process(Session session, String processId) {
    return table(session, processId, false).get(processId);
  }

  /** The terminal with this {@code pty_id} in {@code session}, or {@code -32005}. */
  public ManagedProcess terminal(Session session, String ptyId) {
    return table(session, ptyId, true).terminal(ptyId);
  }

  /** Ends {@code p}'s group (end signals, KILL after the grace period); blocks until then. */
  public void end(ManagedProcess p) {
    terminator.terminateAll(List.of(p));
  }

  /**
   * Whether terminals work here, proved once (on the first call) by running {@code /bin/sh} on
   * one through the spawner.
   */
  public boolean terminalsAvailable() {
    Boolean works = terminalsWork;
    if (works == null) {
      synchronized (this) {
        works = terminalsWork;
        if (works == null) {
          works = probeTerminals();
          terminalsWork = works;
        }
      }
    }
    return works;
  }

  /**
   * Ends every process group of every session but the detached ones, terminals included (end
   * signals, KILL after the grace period), waits a bounded time for their exit events, and stops
   * the timer. Detached processes are left running; their output pipes close when the server
   * exits. Blocks for the grace period at most, plus the wait. Later starts fail.
   */
  public void shutdown() {
    shutDown = true;
    List<ManagedProcess> all = live.stream().filter(p -> !p.detached()).toList();
    terminator.terminateAll(all);
    ProcessTable.awaitExits(all, EXIT_EVENTS_WAIT_MILLIS);
    timer.shutdownNow();
    textFlushes.shutdownNow();
  }

  /**
   * Spawns in the checked cwd opened by descriptor, held open until the child started, so a
   * symlink swapped into the path meanwhile cannot move the child outside the roots. Where
   * directories cannot be opened that way (no JNA, not Linux), by path.
   */
  private Child spawn(Session session, ChildSpec spec) {
    OpenDirectory dir;
    try {
      dir = session.policy().openDirectory(spec.cwd().toString(), session.cwd());
    } catch (UnsupportedOperationException | LinkageError e) {
      return spawner.get().spawn(spec);
    }
    try (dir) {
      return spawner.get().spawn(spec.inDirectory(dir));
    }
  }

  private static ProcessTable table(Session session, String id, boolean terminal) {
    ProcessTable table = session.existingFeature(ProcessTable.class);
    if (table == null) {
      throw terminal ? ProcessTable.terminalNotFound(id) : ProcessTable.notFound(id);
    }
    return table;
  }

  private Verdict verdict(StartContext start) {
    CompletableFuture<Verdict> v = events.beforeStart(start).toCompletableFuture();
    try {
      return v.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "interrupted while waiting for a decision");
    } catch (ExecutionException | CancellationException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RexdException r) {
        throw r;
      }
      throw new IllegalStateException("a process hook failed before the start", cause);
    }
  }

  private boolean probeTerminals() {
    Child c;
    try {
      c = spawner.get().spawn(new ChildSpec(List.of("/bin/sh", "-c", "exit 0"), Path.of("/bin/sh"), Path.of("/"),
          Map.of("PATH", "/usr/bin:/bin"), new TerminalSize(80, 24)));
    } catch (RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.WARNING, "pseudo-terminals are unavailable on this host: " + e);
      return false;
    }
    try {
      return c.exit().get(PROBE_SECONDS, TimeUnit.SECONDS).value() == 0;
    } catch (TimeoutException e) {
      c.group().signal(Signals.KILL);
      LOG.log(System.Logger.Level.WARNING, "pseudo-terminals are unavailable: a test shell did not exit");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    } finally {
      try {
        c.stdout().close();
        c.stdin().close();
      } catch (java.io.IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing the probe terminal", e);
      }
    }
  }

  private void ensureRunning() {
    if (shutDown) {
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "the server is shutting down");
    }
  }

  /** Output retained by every process together, in bytes. */
  long retainedBytes() {
    return retained.total();
  }

  /**
   * A process ended: its session's table may evict an older one; forget it here once its group is
   * empty, else watch the group until it is.
   */
  private void ended(ManagedProcess p) {
    ProcessTable table = p.session().existingFeature(ProcessTable.class);
    if (table != null) {
      table.ended(p);
    }
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
    live.removeIf(ManagedProcess::checkGroupGone);
    if (live.stream().anyMatch(ManagedProcess::ended)) {
      scheduleSweep();
    }
  }
}
