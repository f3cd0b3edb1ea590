package dev.rexd.core.pty;

import dev.rexd.core.process.ProcessGroups;
import dev.rexd.core.process.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Ends what terminals started. A terminal's program leads its own Unix session (pty4j calls
 * {@code setsid}), so the session id is the program's pid, and every process it started stays in
 * that session, even in the separate process groups an interactive shell gives its jobs. Hanging
 * up sends HUP and TERM to every process group of the session, waits up to the grace period for
 * its members to end, then sends KILL to the groups still running.
 *
 * <p>Members are found in {@code /proc}; zombies do not count as running. Without {@code /proc}
 * (macOS) only the leader's own group is signalled.
 *
 * <pre>{@code
 * new SessionHangup(2_000).end(List.of(process.pid()));   // blocks until gone or KILLed
 * }</pre>
 */
final class SessionHangup {
  private static final Path PROC = Path.of("/proc");
  private static final long POLL_MILLIS = 20;

  private final long graceMillis;

  SessionHangup(long graceMillis) {
    this.graceMillis = graceMillis;
  }

  /** Hangs up the sessions led by {@code sessionIds}; returns when none runs or KILL was sent. */
  void end(Collection<Long> sessionIds) {
    Set<Long> groups = runningGroups(sessionIds);
    if (groups.isEmpty()) {
      return;
    }
    signal(groups, Signals.HUP);
    signal(groups, Signals.TERM);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    boolean interrupted = false;
    while (!groups.isEmpty() && System.nanoTime() < deadline && !interrupted) {
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      groups = runningGroups(sessionIds);
    }
    signal(groups, Signals.KILL);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void signal(Set<Long> groups, int signal) {
    groups.forEach(pgid -> ProcessGroups.signal(pgid, signal));
  }

  /** The process groups with a running (non-zombie) member in one of these sessions. */
  static Set<Long> runningGroups(Collection<Long> sessionIds) {
    Set<Long> groups = new HashSet<>();
    if (!Files.isDirectory(PROC)) {
      sessionIds.stream().filter(ProcessGroups::alive).forEach(groups::add);
      return groups;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, SessionHangup::isPid)) {
      for (Path dir : dirs) {
        long[] ids = sessionAndGroup(dir.resolve("stat"));
        if (ids != null && sessionIds.contains(ids[0])) {
          groups.add(ids[1]);
        }
      }
    } catch (IOException e) {
      sessionIds.stream().filter(ProcessGroups::alive).forEach(groups::add);
    }
    return groups;
  }

  /**
   * {@code {session, pgrp}} of a running process from its {@code stat} line
   * ({@code pid (comm) state ppid pgrp session ...}, where comm may hold spaces and parentheses),
   * or null for a zombie or a process that is gone.
   */
  private static long @Nullable [] sessionAndGroup(Path stat) {
    try {
      String s = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", 5);
      if (f[0].equals("Z") || f[0].equals("X")) {
        return null;
      }
      return new long[] {Long.parseLong(f[3]), Long.parseLong(f[2])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean isPid(Path p) {
    String name = p.getFileName().toString();
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return false;
      }
    }
    return !name.isEmpty();
  }
}
