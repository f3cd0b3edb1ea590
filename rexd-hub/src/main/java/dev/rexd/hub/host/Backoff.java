package dev.rexd.hub.host;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with jitter: attempt {@code n} waits a random time between half and
 * all of {@code min(first * 2^(n-1), max)}, so hosts that lost the hub together do not return in
 * lockstep.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
 * Duration wait = backoff.delay(3);   // between 1 and 2 seconds
 * }</pre>
 */
record Backoff(Duration first, Duration max) {
  Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < first <= max");
    }
  }

  /** The wait before attempt {@code attempt} (1 for the first retry). */
  Duration delay(int attempt) {
    long ceiling = first.toMillis();
    for (int i = 1; i < attempt && ceiling < max.toMillis(); i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, max.toMillis());
    return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
  }
}
