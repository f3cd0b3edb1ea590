package dev.rexd.client;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Looks at live threads, for the tests that assert nothing leaks.
 *
 * <pre>{@code
 * assertThat(ClientThreads.awaitNone("rexd-client-", Duration.ofSeconds(5))).isEmpty();
 * }</pre>
 */
public final class ClientThreads {
  private ClientThreads() {}

  /** Names of live threads starting with {@code prefix}. */
  public static List<String> named(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(prefix))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Waits up to {@code patience} for threads starting with {@code prefix} to end; returns those left. */
  public static List<String> awaitNone(String prefix, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    List<String> left = named(prefix);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = named(prefix);
    }
    return left;
  }
}
