package dev.rexd.core.process;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends processes the way the server always does: the group's end signals (TERM; HUP then TERM for
 * a terminal's session), then KILL once the grace period passed with any member still running.
 * Also the timer for process timeouts.
 *
 * <pre>{@code
 * terminator.terminate(process);                 // returns at once; KILL follows if needed
 * terminator.terminateAll(table.toEnd());        // returns when all are gone or were KILLed
 * }</pre>
 */
final class Terminator {
  private static final long POLL_MILLIS = 20;

  private final ScheduledExecutorService timer;
  private final long graceMillis;

  Terminator(ScheduledExecutorService timer, long graceMillis) {
    this.timer = timer;
    this.graceMillis = graceMillis;
  }

  /** Runs {@code task} after {@code delayMillis} on the timer thread. */
  ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** The end signals now, KILL after the grace period unless the group is gone by then. */
  void terminate(ManagedProcess p) {
    if (!askToEnd(p)) {
      return;
    }
    try {
      schedule(() -> {
        if (p.groupAlive()) {
          p.signal(Signals.KILL);
        }
      }, graceMillis);
    } catch (RejectedExecutionException shuttingDown) {
      p.signal(Signals.KILL);
    }
  }

  /** The end signals to every group, then KILL to those still running after the grace period. Blocks. */
  void terminateAll(Collection<ManagedProcess> processes) {
    List<ManagedProcess> pending = new ArrayList<>();
    for (ManagedProcess p : processes) {
      if (askToEnd(p)) {
        pending.add(p);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    boolean interrupted = false;
    while (!pending.isEmpty() && System.nanoTime() < deadline && !interrupted) {
      pending.removeIf(p -> !p.groupAlive());
      if (!pending.isEmpty()) {
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    for (ManagedProcess p : pending) {
      p.signal(Signals.KILL);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends the group's end signals; false when nothing received the first. */
  private static boolean askToEnd(ManagedProcess p) {
    boolean any = false;
    for (int signal : p.endSignals()) {
      any |= p.signal(signal);
    }
    return any;
  }
}
