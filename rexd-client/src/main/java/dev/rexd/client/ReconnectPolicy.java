package dev.rexd.client;

import java.time.Duration;

/**
 * Whether and how a client reconnects after its connection dropped: how many attempts, and the
 * delay before each (exponential, from {@code firstDelay}, doubling up to {@code maxDelay}). Only
 * connections that can be opened again and outlive a drop on the server (WebSocket) reconnect; a
 * spawned stdio server, an in-process pair and a fixed transport never do.
 *
 * <pre>{@code
 * RexdClient rexd = RexdClient.builder()
 *     .connector(() -> WebSocketTransport.builder(uri).token(token).connect())
 *     .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(200), Duration.ofSeconds(10), 12))
 *     .build();
 * }</pre>
 *
 * @param attempts how many times to try before giving up (0: never reconnect)
 * @param firstDelay the delay before the first attempt
 * @param maxDelay the longest delay between attempts
 */
public record ReconnectPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
  /** The default: 10 attempts, from 100 ms doubling up to 5 s (about 20 s in all). */
  public static final ReconnectPolicy DEFAULT = backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 10);

  public ReconnectPolicy {
    if (attempts < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
      throw new IllegalArgumentException("need attempts >= 0 and 0 <= firstDelay <= maxDelay");
    }
  }

  /** Never reconnect: a dropped connection fails every pending and later call. */
  public static ReconnectPolicy none() {
    return new ReconnectPolicy(0, Duration.ZERO, Duration.ZERO);
  }

  /** Up to {@code attempts} attempts, waiting {@code firstDelay}, then twice as long each time, at most {@code maxDelay}. */
  public static ReconnectPolicy backoff(Duration firstDelay, Duration maxDelay, int attempts) {
    return new ReconnectPolicy(attempts, firstDelay, maxDelay);
  }

  /** The delay before attempt {@code n} (from 1). */
  Duration delay(int n) {
    long ms = firstDelay.toMillis();
    for (int i = 1; i < n && ms < maxDelay.toMillis(); i++) {
      ms *= 2;
    }
    return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
  }
}
