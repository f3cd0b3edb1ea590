package dev.rexd.core.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of one sandbox as the host sees them, from {@code /proc}: {@code bwrap}'s
 * descendants (whatever the program leaves running is reparented to the sandbox's init, which is
 * one of them).
 *
 * <pre>{@code
 * long pgid = SandboxProcs.hostGroup(bwrapPid, 3);   // the group the sandbox numbers 3
 * }</pre>
 */
final class SandboxProcs {
  /** More processes than a sandbox should ever hold: the walk stops there. */
  private static final int MAX_PROCESSES = 100_000;

  private SandboxProcs() {}

  /**
   * The host's id of the process group the sandbox numbers {@code inside}, from the first of
   * {@code bwrap}'s descendants in it ({@code NSpgid} in {@code /proc/PID/status}); 0 when none is.
   */
  static long hostGroup(long bwrapPid, long inside) {
    Deque<Long> todo = new ArrayDeque<>();
    todo.add(bwrapPid);
    int seen = 0;
    while (!todo.isEmpty() && seen++ < MAX_PROCESSES) {
      long pid = todo.poll();
      if (pid != bwrapPid) {
        long host = groupIfInside(pid, inside);
        if (host > 0) {
          return host;
        }
      }
      for (String child : children(pid)) {
        todo.add(Long.parseLong(child));
      }
    }
    return 0;
  }

  /** How many of {@code bwrap}'s descendants run (zombies do not count), counting up to {@code atMost}. */
  static int running(long bwrapPid, int atMost) {
    Deque<Long> todo = new ArrayDeque<>(children(bwrapPid).stream().map(Long::parseLong).toList());
    int running = 0;
    int seen = 0;
    while (!todo.isEmpty() && running < atMost && seen++ < MAX_PROCESSES) {
      long pid = todo.poll();
      if (!zombie(pid)) {
        running++;
      }
      children(pid).forEach(c -> todo.add(Long.parseLong(c)));
    }
    return running;
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException | RuntimeException gone) {
      return true;
    }
  }

  /** {@code NSpgid: host … inner}: the host's id when the innermost is {@code inside}. */
  private static long groupIfInside(long pid, long inside) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("NSpgid:")) {
          String[] ids = line.substring("NSpgid:".length()).strip().split("\\s+");
          return ids.length > 1 && Long.parseLong(ids[ids.length - 1]) == inside ? Long.parseLong(ids[0]) : 0;
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process ended meanwhile
    }
    return 0;
  }

  /** The children of every thread of {@code pid}. */
  private static List<String> children(long pid) {
    List<String> all = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        String c = Files.readString(task.resolve("children")).strip();
        if (!c.isEmpty()) {
          all.addAll(List.of(c.split(" ")));
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process ended meanwhile
    }
    return all;
  }
}
