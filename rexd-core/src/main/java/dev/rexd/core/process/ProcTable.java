package dev.rexd.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The running processes of this host as {@code /proc} lists them: their state, process group and
 * Unix session, read from {@code /proc/<pid>/stat} ({@code pid (comm) state ppid pgrp session ...},
 * where comm may hold spaces and parentheses). Zombies do not count as running.
 *
 * <pre>{@code
 * boolean any = ProcTable.groupRunning(pgid);
 * Set<Long> groups = ProcTable.runningGroupsOfSession(sid);   // null without /proc
 * }</pre>
 */
final class ProcTable {
  private static final Path PROC = Path.of("/proc");

  private ProcTable() {}

  /** Whether this host has {@code /proc}. */
  static boolean available() {
    return Files.isDirectory(PROC);
  }

  /** Whether a running member of group {@code pgid} exists; true when {@code /proc} cannot be read. */
  static boolean groupRunning(long pgid) {
    Set<Long> found = scan(pgid, true);
    return found == null || !found.isEmpty();
  }

  /** The groups with a running member in the Unix session {@code sid}, or null when unreadable. */
  static @Nullable Set<Long> runningGroupsOfSession(long sid) {
    return scan(sid, false);
  }

  /** Groups of running processes whose group ({@code byGroup}) or session equals {@code id}. */
  private static @Nullable Set<Long> scan(long id, boolean byGroup) {
    Set<Long> groups = new HashSet<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, ProcTable::isPid)) {
      for (Path dir : dirs) {
        long[] ids = groupAndSession(dir.resolve("stat"));
        if (ids != null && ids[byGroup ? 0 : 1] == id) {
          groups.add(ids[0]);
          if (byGroup) {
            return groups;
          }
        }
      }
      return groups;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** {@code {pgrp, session}} of a running process, or null for a zombie or a process that is gone. */
  private static long @Nullable [] groupAndSession(Path stat) {
    try {
      String s = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", 5);
      if (f[0].equals("Z") || f[0].equals("X")) {
        return null;
      }
      return new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
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
