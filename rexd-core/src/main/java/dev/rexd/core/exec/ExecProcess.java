package dev.rexd.core.exec;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdEvents;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.rpc.OutputEventFrames;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.core.process.ChunkEncoder;
import dev.rexd.core.session.ProcessSlot;
import dev.rexd.core.session.Session;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One child process of a session, from spawn to its final state, which it keeps for the life of
 * the session.
 *
 * <p>Lifecycle: {@link #begin()} right after the spawn starts one thread per output stream, the
 * timeout clock and the feeding of a given {@code stdin}; {@link #startPumps()}, once the
 * {@code exec.start} response is on its way, lets the output threads read. When both streams
 * reached EOF and the child was reaped, the last pump thread publishes {@code exec.exit} (so it is
 * the last event, sent once) and completes the future every {@code exec.wait} waits on. Threads
 * are named {@code rexd-exec-<id>-stdout}, {@code -stderr} and {@code -stdin}, are daemons, and
 * end with the process.
 *
 * <p>Background jobs: a job that inherited stdout or stderr keeps the process running after the
 * child exited, until it closes them or ends (by itself, or by kill, timeout or session close),
 * and its output is delivered like the child's; its stdin, though, closes when the child exits.
 * (On the portable spawn path, a child that exits within a millisecond or so of its start can beat
 * the output threads to the pipes; the JDK then closes them after reading what the child wrote,
 * and the process ends with the child.) A job with its output redirected elsewhere leaves a group
 * that outlives the process: it is still signalled by {@code exec.kill}, session close and
 * shutdown until no member runs; after that this process never signals its group id again, which
 * may by then name someone else.
 *
 * <pre>{@code
 * ExecProcess p = new ExecProcess("p_1", session, request, spawner.spawn(request), slot, terminator, onEnded);
 * p.begin();
 * call.afterResponse(p::startPumps);
 * }</pre>
 */
final class ExecProcess {
  private static final System.Logger LOG = System.getLogger(ExecProcess.class.getName());

  private final String id;
  private final Session session;
  private final StartRequest request;
  private final Child child;
  private final ProcessGroup group;
  private final ProcessSlot slot;
  private final Terminator terminator;
  private final Consumer<ExecProcess> onEnded;
  private final String startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  private final long startNanos = System.nanoTime();
  private final StdinPipe stdin;
  private final OutputBudget budget;
  private final OutputLog log = new OutputLog();
  private final OutputPump stdout;
  private final OutputPump stderr;
  private final AtomicInteger runningPumps = new AtomicInteger(2);
  private final Set<Integer> signalsSent = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<ExitState> exit = new CompletableFuture<>();
  private volatile boolean timedOut;
  private volatile @Nullable ExitState finalState;
  private volatile boolean groupGone;
  private volatile @Nullable ScheduledFuture<?> timeout;

  ExecProcess(String id, Session session, StartRequest request, Child child, ProcessSlot slot,
      Terminator terminator, Consumer<ExecProcess> onEnded) {
    this.id = id;
    this.session = session;
    this.request = request;
    this.child = child;
    this.group = child.group();
    this.slot = slot;
    this.terminator = terminator;
    this.onEnded = onEnded;
    this.stdin = new StdinPipe(child.stdin(), request.stdin() == null);
    this.budget = new OutputBudget(request.maxOutputBytes(), () -> terminator.terminate(this));
    this.stdout = new OutputPump(StreamName.STDOUT, child.stdout(), budget, this::deliver, this::pumpDone);
    this.stderr = new OutputPump(StreamName.STDERR, child.stderr(), budget, this::deliver, this::pumpDone);
  }

  String id() {
    return id;
  }

  String startedAt() {
    return startedAt;
  }

  boolean detached() {
    return request.detach();
  }

  /**
   * Starts the pump threads (holding their streams, not reading yet), waits until the child formed
   * its process group, starts the timeout clock and settles stdin: fed then closed, closed at once,
   * or kept open.
   */
  void begin() {
    thread("stdout", stdout).start();
    thread("stderr", stderr).start();
    stdout.awaitHolding();
    stderr.awaitHolding();
    child.awaitGroup();
    timeout = terminator.schedule(this::onTimeout, request.timeoutMs());
    String given = request.stdin();
    if (given == null) {
      return;
    }
    if (given.isEmpty()) {
      stdin.close();
    } else {
      byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
      thread("stdin", () -> stdin.writeAllAndClose(bytes)).start();
    }
  }

  /** Lets the pumps read: events flow from here on. Later calls do nothing. */
  void startPumps() {
    stdout.go();
    stderr.go();
  }

  /** Sends {@code signal} to the group, if it still has members; false when nothing received it. */
  boolean signal(int signal) {
    if (groupGone) {
      return false;
    }
    if (finalState == null) {
      signalsSent.add(signal);
    }
    return group.signal(signal);
  }

  /** Whether a member of the group is still running. */
  boolean groupAlive() {
    return !groupGone && group.alive();
  }

  /**
   * Whether the process ended and its group has no running member left; once true, stays true and
   * the group id is never signalled again.
   */
  boolean checkGroupGone() {
    if (!groupGone && finalState != null && !group.alive()) {
      groupGone = true;
    }
    return groupGone;
  }

  /** Writes to stdin (see {@link StdinPipe#write}). */
  int input(byte[] data, boolean eof) {
    return stdin.write(data, eof);
  }

  /** Whether the process ended (its final state is settled). */
  boolean ended() {
    return finalState != null;
  }

  ProcessStatus status() {
    ExitState s = finalState;
    return s == null ? ProcessStatus.RUNNING : s.status();
  }

  /** The final state once the process ended, else {@code running} with the counts so far. */
  ExecWaitResult await(@Nullable Long timeoutMs) {
    try {
      ExitState s = timeoutMs == null ? exit.get() : exit.get(timeoutMs, TimeUnit.MILLISECONDS);
      return s.toWaitResult();
    } catch (TimeoutException e) {
      return new ExecWaitResult(ProcessStatus.RUNNING, null, null, stdout.bytes(), stderr.bytes(),
          timedOut, budget.exceeded());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "interrupted while waiting");
    } catch (ExecutionException e) {
      throw new IllegalStateException("exit future never fails", e);
    }
  }

  /** Retained chunks after {@code afterSeq} (see {@link OutputLog#after}). */
  List<OutputChunk> output(@Nullable StreamName stream, long afterSeq) {
    return log.after(stream, afterSeq);
  }

  ProcessSummary summary() {
    return new ProcessSummary(id, request.argv(), request.command(), startedAt, status(), child.pid());
  }

  private void onTimeout() {
    if (finalState == null) {
      timedOut = true;
      terminator.terminate(this);
    }
  }

  /** Retains, then publishes, one chunk; a failure here must not stop the pump draining the pipe. */
  private void deliver(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {
    log.add(stream, seq, chunk);
    try {
      session.publishOutput(
          () -> OutputEventFrames.exec(stream, session.id(), id, seq, chunk.bytes(), chunk.encoding()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": interrupted, output event not sent");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": output event not sent", e);
    }
  }

  private void pumpDone() {
    if (runningPumps.decrementAndGet() == 0) {
      finish();
    }
  }

  /** Runs once, on the last pump thread: reap, settle the final state, send {@code exec.exit}. */
  private void finish() {
    ChildExit how = reap();
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    stdin.markEnded();
    ScheduledFuture<?> t = timeout;
    if (t != null) {
      t.cancel(false);
    }
    ExitState state = ExitState.decode(how, signalsSent, timedOut, budget.exceeded(),
        stdout.bytes(), stderr.bytes(), durationMs);
    finalState = state;
    slot.release();
    try {
      session.publish(RexdEvents.EXEC_EXIT, state.toEvent(session.id(), id));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": interrupted, exec.exit not sent");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": exec.exit not sent", e);
    } finally {
      exit.complete(state);
      onEnded.accept(this);
    }
  }

  private ChildExit reap() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return child.waitFor();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Thread thread(String role, Runnable task) {
    Thread t = new Thread(task, "rexd-exec-" + id + "-" + role);
    t.setDaemon(true);
    return t;
  }
}
