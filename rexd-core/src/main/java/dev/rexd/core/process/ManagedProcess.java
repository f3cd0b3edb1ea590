package dev.rexd.core.process;

import dev.rexd.api.Encoding;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.FirstSeq;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.api.session.PtySummary;
import dev.rexd.api.text.LiveText;
import dev.rexd.core.session.ProcessSlot;
import dev.rexd.core.session.Session;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One process or terminal of a session, from spawn to its final state: a {@link Child} (pipes or
 * a pseudo-terminal), its output history, its stdin, its limits and how it ended.
 *
 * <p>Lifecycle: {@link #begin()} right after the spawn starts the timeout clock and the feeding
 * of a given stdin; {@link #startPumps()}, once the start's response is on its way, starts one
 * pump per output stream (two on pipes, one on a terminal). Where the child's streams close by
 * themselves when it exits ({@link Child#outputClosesOnExit()}), the pumps start in
 * {@link #begin()} instead and hold their streams from then on, reading only after
 * {@link #startPumps()}. When every output stream reached EOF and the child was reaped, the last
 * pump settles the final state, sends the exit event (so it is the last event, sent once) and
 * completes {@link #awaitExit}. Pumps and stdin feeders run on {@link ProcessThreads},
 * named {@code rexd-proc-<id>-stdout}, {@code -stderr} and {@code -stdin} while they do.
 *
 * <p>Text ({@code strip_ansi}): each stream goes through a {@link LiveText}, and its events and
 * history carry that text, numbered by a {@code seq} of its own per stream: the lines a read
 * ended, and the unfinished line once {@value #TEXT_PAUSE_MILLIS} ms passed without output (sent
 * from {@code textFlushes}, never from the shared timer, as a slow client may block it). The byte
 * counts stay those of the raw output.
 *
 * <p>Background jobs: a job that inherited the output streams keeps the process running after
 * the child exited, until it closes them or ends (by itself, or by kill, timeout or session
 * close), and its output is delivered like the child's; its stdin, though, closes when the child
 * exits. A terminal's leftovers are hung up when its program exits. A job with its output
 * redirected elsewhere leaves a group that outlives the process: it is still signalled by kill,
 * session close and shutdown until no member runs; after that this process never signals its
 * group id again, which may by then name someone else.
 *
 * <pre>{@code
 * ManagedProcess p = processes.start(call, session, request);   // events start after the response
 * p.input("y\n".getBytes(UTF_8), true);
 * ExitStatus s = p.awaitExit(null);
 * }</pre>
 */
public final class ManagedProcess {
  private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());
  /** How long output pauses before an unfinished line of text is sent. */
  static final long TEXT_PAUSE_MILLIS = 200;

  private final String id;
  private final @Nullable String ptyId;
  private final Session session;
  private final ProcessRequest request;
  private final Child child;
  private final ProcessGroup group;
  private final ProcessSlot slot;
  private final Terminator terminator;
  private final ProcessEvents events;
  private final Consumer<ManagedProcess> onEnded;
  private final String startedAt = utcMillis(System.currentTimeMillis());
  private final long startNanos = System.nanoTime();
  private final StdinPipe stdin;
  private final OutputBudget budget;
  private final RetainedOutput retained;
  private final OutputHistory history;
  private final OutputPump stdout;
  private final @Nullable OutputPump stderr;
  private final AtomicInteger runningPumps;
  private final AtomicBoolean pumpsStarted = new AtomicBoolean();
  private final Set<Integer> signalsSent = ConcurrentHashMap.newKeySet();
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  private volatile boolean timedOut;
  private volatile boolean failed;
  /** Guards delivery against the exit: no output event follows the exit event. */
  private final Object delivery = new Object();
  private boolean finished;
  /** Per stream ({@link StreamName#ordinal()}) when {@code strip_ansi}, else null; guarded by delivery. */
  private final LiveText @Nullable [] texts;
  private final long[] textSeq = new long[2];
  private final Executor textFlushes;
  private @Nullable ScheduledFuture<?> textFlush;
  private volatile long bytesStdout;
  private volatile long bytesStderr;
  private volatile @Nullable ExitStatus finalState;
  private volatile boolean groupGone;
  private volatile @Nullable ScheduledFuture<?> timeout;
  private volatile @Nullable ScheduledFuture<?> lingerCheck;
  private volatile @Nullable TerminalSize size;

  ManagedProcess(String id, @Nullable String ptyId, Session session, ProcessRequest request, Child child,
      ProcessSlot slot, Terminator terminator, ProcessEvents events, RetainedOutput retained, Executor textFlushes,
      Consumer<ManagedProcess> onEnded) {
    this.id = id;
    this.ptyId = ptyId;
    this.session = session;
    this.request = request;
    this.child = child;
    this.group = child.group();
    this.slot = slot;
    this.terminator = terminator;
    this.events = events;
    this.onEnded = onEnded;
    this.retained = retained;
    this.history = new OutputHistory(session.limits().replayBytes(), retained);
    this.size = request.spec().terminal();
    this.stdin = new StdinPipe(child.stdin(), request.stdin() == null, request.onPseudoTerminal());
    this.texts = request.stripAnsi() ? new LiveText[] {new LiveText(), new LiveText()} : null;
    this.textFlushes = textFlushes;
    this.budget = new OutputBudget(request.maxOutputBytes(), () -> terminator.terminate(this));
    this.stdout = new OutputPump(StreamName.STDOUT, child.stdout(), budget, this::deliver, this::pumpDone,
        this::pumpFailed);
    InputStream err = child.stderr();
    this.stderr = err == null ? null
        : new OutputPump(StreamName.STDERR, err, budget, this::deliver, this::pumpDone, this::pumpFailed);
    this.runningPumps = new AtomicInteger(err == null ? 1 : 2);
  }

  /** The {@code process_id}. */
  public String id() {
    return id;
  }

  /** The {@code pty_id} of a terminal, or null for a process on pipes. */
  public @Nullable String ptyId() {
    return ptyId;
  }

  public Session session() {
    return session;
  }

  public ProcessRequest request() {
    return request;
  }

  public long pid() {
    return child.pid();
  }

  /**
   * The time as {@code 2026-12-05T12:00:00.120Z}: RFC 3339 in UTC with milliseconds, formatted by
   * hand since a fresh server runs this in the interpreter on every start, where the formatter
   * behind {@code Instant.toString} costs more than the rest of the process's set-up.
   */
  static String utcMillis(long epochMillis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
    StringBuilder b = new StringBuilder(24).append(t.getYear()).append('-');
    pad(b, t.getMonthValue(), 2).append('-');
    pad(b, t.getDayOfMonth(), 2).append('T');
    pad(b, t.getHour(), 2).append(':');
    pad(b, t.getMinute(), 2).append(':');
    pad(b, t.getSecond(), 2).append('.');
    return pad(b, (int) Math.floorMod(epochMillis, 1000), 3).append('Z').toString();
  }

  private static StringBuilder pad(StringBuilder b, int value, int digits) {
    for (int limit = 10; digits > 1; digits--, limit *= 10) {
      if (value < limit) {
        b.append('0');
      }
    }
    return b.append(value);
  }

  /** When it started (RFC 3339 UTC, milliseconds). */
  public String startedAt() {
    return startedAt;
  }

  public boolean detached() {
    return request.detach();
  }

  /**
   * Starts the pumps now if the child's streams would otherwise close under them (holding their
   * streams, not reading yet), waits until the child formed its process group, starts the timeout
   * clock and settles stdin: fed then closed, closed at once, or kept open.
   */
  void begin() {
    if (child.outputClosesOnExit()) {
      runPumps();
      stdout.awaitHolding();
      if (stderr != null) {
        stderr.awaitHolding();
      }
    }
    child.awaitGroup();
    child.exit().thenRun(this::childExited);
    if (request.timeoutMs() > 0) {
      timeout = terminator.schedule(this::onTimeout, request.timeoutMs());
    }
    String given = request.stdin();
    if (given == null) {
      return;
    }
    if (given.isEmpty()) {
      try {
        stdin.endInput();
      } catch (java.io.IOException e) {
        stdin.close();
      }
    } else {
      byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
      ProcessThreads.run(threadName("stdin"), () -> stdin.writeAllAndClose(bytes));
    }
  }

  /** Lets the pumps read (starting them if {@link #begin()} did not): events flow from here on. */
  void startPumps() {
    stdout.go();
    if (stderr != null) {
      stderr.go();
    }
    runPumps();
  }

  /** Starts the pumps, once. */
  private void runPumps() {
    if (pumpsStarted.compareAndSet(false, true)) {
      ProcessThreads.run(threadName("stdout"), stdout);
      if (stderr != null) {
        ProcessThreads.run(threadName("stderr"), stderr);
      }
    }
  }

  /**
   * Sends {@code signal} to the group, if it still has members; false when nothing received it.
   * Signals sent before the child exited decide how an exit value {@code 128 + n} is read.
   */
  public boolean signal(int signal) {
    if (groupGone) {
      return false;
    }
    if (!child.exit().isDone()) {
      signalsSent.add(signal);
    }
    return group.signal(signal);
  }

  /** The signals that ask this process's group to end, before KILL. */
  List<Integer> endSignals() {
    return group.endSignals();
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

  /** Writes to stdin (see {@link StdinPipe#write}): {@code -32602 stdin_closed} once closed. */
  public int input(byte[] data, boolean eof) {
    int written = stdin.write(data, eof);
    if (data.length > 0) {
      events.input(this, data);
    }
    return written;
  }

  /** Sets a terminal's size (the program gets {@code SIGWINCH}); nothing once it ended. */
  public synchronized void resize(TerminalSize newSize) {
    if (size == null) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "process " + id + " has no terminal");
    }
    if (child.exit().isDone()) {
      return;
    }
    child.resize(newSize);
    size = newSize;
    events.resized(this, newSize);
  }

  /** Whether the process ended (its final state is settled). */
  public boolean ended() {
    return finalState != null;
  }

  public ProcessStatus status() {
    ExitStatus s = finalState;
    return s == null ? ProcessStatus.RUNNING : s.status();
  }

  /** Bytes of stdout delivered so far. */
  public long bytesStdout() {
    return bytesStdout;
  }

  /** Bytes of stderr delivered so far. */
  public long bytesStderr() {
    return bytesStderr;
  }

  /** Whether the timeout ended (or is ending) the process. */
  public boolean timedOut() {
    return timedOut;
  }

  /** Whether output was cut: beyond the limit, or because delivering it failed. */
  public boolean truncated() {
    return budget.exceeded() || failed;
  }

  /**
   * The final state, waiting for it up to {@code timeoutMs} (without: until the process ended);
   * null when the time passed first.
   */
  public @Nullable ExitStatus awaitExit(@Nullable Long timeoutMs) {
    try {
      return timeoutMs == null ? exit.get() : exit.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RexdException.of(dev.rexd.api.ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "interrupted while waiting");
    } catch (ExecutionException e) {
      throw new IllegalStateException("exit future never fails", e);
    }
  }

  /** Retained chunks after {@code afterSeq} (see {@link OutputHistory#after}). */
  public List<OutputChunk> output(@Nullable StreamName stream, long afterSeq) {
    return history.after(stream, afterSeq);
  }

  /** The oldest retained {@code seq} of each stream. */
  public FirstSeq firstSeq() {
    return new FirstSeq(history.firstSeq(StreamName.STDOUT), history.firstSeq(StreamName.STDERR));
  }

  /** Lets go of the retained output: the process was evicted, or its session closed. */
  void dropHistory() {
    history.close();
    retained.forget(history);
  }

  /** This process as {@code session.info} lists a process. */
  public ProcessSummary summary() {
    return new ProcessSummary(id, request.argv(), request.command(), startedAt, status(), child.pid());
  }

  /** This terminal as {@code session.info} lists a terminal. */
  public PtySummary terminalSummary() {
    TerminalSize s = size;
    return new PtySummary(ptyId == null ? id : ptyId, id, request.argv(), request.command(), startedAt, status(),
        s == null ? 0 : s.cols(), s == null ? 0 : s.rows());
  }

  private void onTimeout() {
    if (finalState == null) {
      timedOut = true;
      terminator.terminate(this);
    }
  }

  /**
   * The child itself exited: stdin takes no more input. On a pseudo-terminal, its leftovers are
   * hung up; on pipes, the exit is reported once the output closed, or {@code exit_linger_ms} from
   * now, when background jobs it left hold the output open (they keep running, their output
   * discarded).
   */
  private void childExited() {
    stdin.markEnded();
    if (request.onPseudoTerminal()) {
      terminator.terminate(this);
      return;
    }
    if (finalState != null) {
      return;   // the output closed first: nothing can linger
    }
    try {
      lingerCheck = terminator.schedule(this::lingerPassed, session.limits().exitLingerMs());
    } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
      // the server is going down and ends the group: the output closes
    }
  }

  /**
   * The exit linger passed with the output still open: when members of the group still run, they
   * hold it, and the exit is reported now (on a thread of its own: it may wait for a slow client).
   * With none left, the pumps are only behind and report it at EOF, so nothing is lost.
   */
  private void lingerPassed() {
    if (runningPumps.get() > 0 && group.alive()) {
      ProcessThreads.run(threadName("exit"), this::finish);
    }
  }

  /**
   * Retains, then publishes, one chunk (as text with {@code strip_ansi}); a failure here must not
   * stop the pump draining the pipe. Once the session is gone (a detached process outlives it),
   * output is drained and discarded.
   */
  private void deliver(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {
    synchronized (delivery) {
      if (finished || (detached() && session.isClosed())) {
        return;
      }
      if (texts == null) {
        publish(stream, seq, chunk);
      } else {
        LiveText text = texts[stream.ordinal()];
        publishText(stream, text.write(chunk.bytes(), 0, chunk.bytes().length));
        flushTextAfterPause();
      }
      if (stream == StreamName.STDERR) {
        bytesStderr += chunk.bytes().length;
      } else {
        bytesStdout += chunk.bytes().length;
      }
    }
  }

  /** Retains, then publishes, one chunk. Holds the delivery lock. */
  private void publish(StreamName stream, long seq, ChunkEncoder.Chunk chunk) {
    history.add(stream, seq, chunk);
    try {
      events.output(this, stream, seq, chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": interrupted, output event not sent");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": output event not sent", e);
    }
  }

  /** Publishes text, if any, with the stream's next text seq. Holds the delivery lock. */
  private void publishText(StreamName stream, String text) {
    if (!text.isEmpty()) {
      publish(stream, ++textSeq[stream.ordinal()],
          new ChunkEncoder.Chunk(text.getBytes(StandardCharsets.UTF_8), Encoding.UTF8));
    }
  }

  /** (Re)starts the pause after which unfinished lines are sent. Holds the delivery lock. */
  private void flushTextAfterPause() {
    ScheduledFuture<?> pending = textFlush;
    if (pending != null) {
      pending.cancel(false);
    }
    textFlush = null;
    LiveText[] t = texts;
    if (t == null || !(t[0].hasPending() || t[1].hasPending())) {
      return;
    }
    try {
      textFlush = terminator.schedule(() -> textFlushes.execute(this::flushText), TEXT_PAUSE_MILLIS);
    } catch (RejectedExecutionException shuttingDown) {
      // the server is going down: the text left is sent with the exit
    }
  }

  /** Output paused: sends the unfinished lines as they show now. */
  private void flushText() {
    synchronized (delivery) {
      LiveText[] t = texts;
      if (finished || t == null || (detached() && session.isClosed())) {
        return;
      }
      for (StreamName stream : StreamName.values()) {
        publishText(stream, t[stream.ordinal()].flushPending());
      }
    }
  }

  /** An output stream could not be delivered (say, out of memory): end the process and say so. */
  private void pumpFailed(Error e) {
    failed = true;
    LOG.log(System.Logger.Level.ERROR, "process " + id + ": output delivery failed, ending the process", e);
    terminator.terminate(this);
  }

  private void pumpDone() {
    if (runningPumps.decrementAndGet() == 0) {
      finish();
    }
  }

  /**
   * Settles the final state and sends the exit event, once: on the last pump thread when the
   * output closed, or when the exit linger passed. Output read later is discarded.
   */
  private void finish() {
    ChildExit how = child.exit().join();
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    synchronized (delivery) {
      if (finished) {
        return;
      }
      LiveText[] t = texts;
      if (t != null) {
        for (StreamName stream : StreamName.values()) {
          publishText(stream, t[stream.ordinal()].finish());
        }
        ScheduledFuture<?> pending = textFlush;
        if (pending != null) {
          pending.cancel(false);
        }
      }
      finished = true;
    }
    budget.close();
    stdin.markEnded();
    stdin.close();
    for (ScheduledFuture<?> check : new ScheduledFuture<?>[] {timeout, lingerCheck}) {
      if (check != null) {
        check.cancel(false);
      }
    }
    ExitStatus state = ExitStatus.decode(how, signalsSent, timedOut, truncated(), bytesStdout, bytesStderr,
        durationMs);
    finalState = state;
    slot.release();
    if (!session.isClosed()) {
      retained.ended(history);
    }
    try {
      onEnded.accept(this);   // before the exit event: who sees it sees the table as it is now
      events.exited(this, state);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": interrupted, exit event not sent");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "process " + id + ": exit event not sent", e);
    } finally {
      exit.complete(state);
    }
  }

  private String threadName(String role) {
    return "rexd-proc-" + id + "-" + role;
  }
}
