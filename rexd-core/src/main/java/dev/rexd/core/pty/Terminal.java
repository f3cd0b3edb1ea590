package dev.rexd.core.pty;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdEvents;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.pty.PtyExitEvent;
import dev.rexd.api.rpc.OutputEventFrames;
import dev.rexd.api.session.PtySummary;
import dev.rexd.core.process.ChunkEncoder;
import dev.rexd.core.session.ProcessSlot;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One terminal of a session: a program under a pseudo-terminal, from spawn to its exit, which it
 * keeps for {@code session.info} for the life of the session.
 *
 * <p>Lifecycle: {@link #start()}, once the {@code pty.open} response is on its way, starts two
 * daemon threads. {@code rexd-pty-<id>-wait} waits for the program to exit, then hangs up what it
 * left running in its session. {@code rexd-pty-<id>-out} reads the terminal and publishes each read
 * as a {@code pty.output} event (blocking while a subscriber is slow, so the program blocks on a
 * full terminal instead of anything being dropped); at EOF, once the program has exited, it
 * publishes {@code pty.exit} (so it is the last event and sent once), closes the terminal and
 * gives the process slot back.
 *
 * <pre>{@code
 * Terminal t = new Terminal(session, spec, spec.spawn(), slot, hangup, live::remove);
 * call.afterResponse(t::start);
 * t.input("ls\r".getBytes(UTF_8));
 * t.close();   // HUP and TERM to its session, KILL after the grace period
 * }</pre>
 */
final class Terminal {
  private static final System.Logger LOG = System.getLogger(Terminal.class.getName());
  private static final int READ_BUFFER = 16 * 1024;

  private final Session session;
  private final TerminalSpec spec;
  private final PtyProcess process;
  private final ProcessSlot slot;
  private final SessionHangup hangup;
  private final Consumer<Terminal> onDone;
  private final String startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  private final long startNanos = System.nanoTime();
  private final Object inputLock = new Object();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<TerminalExit> exit = new CompletableFuture<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private volatile boolean endedByServer;
  private volatile int cols;
  private volatile int rows;

  Terminal(Session session, TerminalSpec spec, PtyProcess process, ProcessSlot slot, SessionHangup hangup,
      Consumer<Terminal> onDone) {
    this.session = session;
    this.spec = spec;
    this.process = process;
    this.slot = slot;
    this.hangup = hangup;
    this.onDone = onDone;
    this.cols = spec.cols();
    this.rows = spec.rows();
  }

  String ptyId() {
    return spec.ptyId();
  }

  String processId() {
    return spec.processId();
  }

  /** Starts watching the program and streaming its output; later calls do nothing. */
  void start() {
    if (started.compareAndSet(false, true)) {
      thread("wait", this::watch).start();
      thread("out", this::pump).start();
    }
  }

  /** Writes keystrokes to the terminal; {@code -32602 stdin_closed} once the program exited. */
  int input(byte[] bytes) {
    if (exit.isDone()) {
      throw RexdException.invalidParams(Reasons.STDIN_CLOSED, "the terminal's program has exited")
          .with("pty_id", ptyId());
    }
    synchronized (inputLock) {
      try {
        OutputStream out = process.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        throw RexdException.invalidParams(Reasons.IO_ERROR, "cannot write to the terminal: " + e.getMessage())
            .with("pty_id", ptyId());
      }
    }
    return bytes.length;
  }

  /** Sets the terminal size (the program gets SIGWINCH); nothing once the program exited. */
  synchronized void resize(int newCols, int newRows) {
    if (exit.isDone()) {
      return;
    }
    try {
      process.setWinSize(new WinSize(newCols, newRows));
    } catch (IllegalStateException e) {
      if (!exit.isDone()) {
        throw e;
      }
      return;
    }
    cols = newCols;
    rows = newRows;
  }

  /** Ends the terminal's session (HUP and TERM, KILL after the grace period); blocks until then. */
  void close() {
    closeAll(List.of(this), hangup);
  }

  /** Ends the sessions of these terminals together; blocks for at most the grace period. */
  static void closeAll(Collection<Terminal> terminals, SessionHangup hangup) {
    List<Long> sessionIds = new ArrayList<>();
    for (Terminal t : terminals) {
      if (!t.exit.isDone()) {
        t.endedByServer = true;
        sessionIds.add(t.process.pid());
      }
    }
    hangup.end(sessionIds);
  }

  /** Waits, up to {@code millis} in all, until each terminal published its {@code pty.exit}. */
  static void awaitDone(Collection<Terminal> terminals, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    for (Terminal t : terminals) {
      try {
        t.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        LOG.log(System.Logger.Level.DEBUG, "terminal " + t.ptyId() + " still ending: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  PtySummary summary() {
    TerminalExit x = exit.getNow(null);
    ProcessStatus status = x == null ? ProcessStatus.RUNNING : x.status();
    return new PtySummary(ptyId(), processId(), spec.request().argv(), spec.request().command(), startedAt,
        status, cols, rows);
  }

  private void watch() {
    int value = awaitExitValue();
    exit.complete(TerminalExit.decode(value, endedByServer,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
    hangup.end(List.of(process.pid()));
  }

  private int awaitExitValue() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return process.waitFor();
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

  private void pump() {
    try {
      long seq = readOutput();
      TerminalExit x = exit.join();
      session.publish(RexdEvents.PTY_EXIT, new PtyExitEvent(session.id(), ptyId(), processId(),
          x.exitCode(), x.signal(), x.durationMs()));
      LOG.log(System.Logger.Level.DEBUG, "terminal " + ptyId() + " ended after " + seq + " chunks");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(System.Logger.Level.WARNING, "terminal " + ptyId() + ": events interrupted");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "terminal " + ptyId() + ": events failed", e);
    } finally {
      closeStreams();
      slot.release();
      done.complete(null);
      onDone.accept(this);
    }
  }

  /** Publishes the terminal's output until EOF; returns the last {@code seq}. */
  private long readOutput() throws InterruptedException {
    ChunkEncoder encoder = new ChunkEncoder();
    InputStream in = process.getInputStream();
    byte[] buf = new byte[READ_BUFFER];
    long seq = 0;
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        seq = publish(seq, encoder.feed(buf, 0, n));
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "reading terminal " + ptyId() + " ended: " + e);
    }
    return publish(seq, encoder.flush());
  }

  private long publish(long seq, ChunkEncoder.@Nullable Chunk chunk) throws InterruptedException {
    if (chunk == null) {
      return seq;
    }
    long next = seq + 1;
    session.publishOutput(
        () -> OutputEventFrames.pty(session.id(), ptyId(), processId(), next, chunk.bytes(), chunk.encoding()));
    return next;
  }

  private void closeStreams() {
    try {
      process.getOutputStream().close();
      process.getInputStream().close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing terminal " + ptyId(), e);
    }
  }

  private Thread thread(String role, Runnable body) {
    Thread t = new Thread(body, "rexd-pty-" + ptyId() + "-" + role);
    t.setDaemon(true);
    return t;
  }
}
