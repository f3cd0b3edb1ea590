package dev.rexd.core.testing;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a condition on what a directory holds, woken by the file system's events (a file
 * created, written or deleted in it; inotify on Linux) rather than by a timer: the condition is
 * checked once, then again after each batch of events, until it holds or the time is up. The
 * directory is watched before the first check, so no change between the check and the wait is
 * missed.
 *
 * <pre>{@code
 * DirectoryEvents.await(dir, Duration.ofSeconds(30), "the old file deleted", () -> !Files.exists(old));
 * }</pre>
 */
public final class DirectoryEvents {
  private DirectoryEvents() {}

  /** A condition that may read files. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Returns once {@code condition} holds; fails, naming {@code what}, when {@code limit} passed first. */
  public static void await(Path dir, Duration limit, String what, Condition condition) throws Exception {
    try (WatchService events = dir.getFileSystem().newWatchService()) {
      dir.register(events, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
      long deadline = System.nanoTime() + limit.toNanos();
      while (!condition.holds()) {
        long left = deadline - System.nanoTime();
        assertThat(left).as(what + " within " + limit).isPositive();
        WatchKey key = events.poll(left, TimeUnit.NANOSECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    }
  }
}
