package dev.rexd.core.testing;

import java.util.concurrent.TimeUnit;

/**
 * How a thread waits once it has nothing to do: with a time-out ({@code TIMED_WAITING}, a thread
 * that wakes up on a timer) or without ({@code WAITING}, one that sleeps until something wakes
 * it).
 *
 * <pre>{@code
 * assertThat(ThreadStates.awaitWaiting(writer)).isEqualTo(Thread.State.WAITING);
 * }</pre>
 */
public final class ThreadStates {
  private ThreadStates() {}

  /**
   * Waits (10 s at most) until {@code t} waits, and returns its state then: waiting with no
   * time-out ({@code WAITING}) or with one ({@code TIMED_WAITING}), or whatever it was at the
   * deadline.
   */
  public static Thread.State awaitWaiting(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Thread.State s = t.getState();
    while (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      s = t.getState();
    }
    return s;
  }
}
