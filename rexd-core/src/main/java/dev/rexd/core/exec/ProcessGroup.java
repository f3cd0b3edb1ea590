package dev.rexd.core.exec;

import dev.rexd.core.process.ProcessGroups;
import dev.rexd.core.process.Signals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Where the server's signals for one child go.
 *
 * <p>Normally the child leads its own session and process group ({@code POSIX_SPAWN_SETSID} or
 * the {@code setsid} program), and every signal goes to the whole group. Without either, the
 * portable spawner's child shares the server's group, so signals go to the child and its
 * descendants one by one instead (TERM for every signal but KILL), a best effort that misses
 * descendants already reparented away.
 *
 * <pre>{@code
 * ProcessGroup g = ProcessGroup.leader(process.pid());
 * g.signal(Signals.TERM);
 * }</pre>
 */
abstract class ProcessGroup {
  private static final System.Logger LOG = System.getLogger(ProcessGroup.class.getName());
  private static final Path PROC = Path.of("/proc");
  private static final long FORM_WAIT_NANOS = 5_000_000_000L;

  /** The group a child in its own session leads: its id is the child's pid. */
  static ProcessGroup leader(long pgid) {
    return new Leader(pgid);
  }

  /** The child and its descendants, for children started without {@code setsid}. */
  static ProcessGroup tree(ProcessHandle child) {
    return new Tree(child);
  }

  /** Sends {@code signal}; false when nothing was there to receive it. */
  abstract boolean signal(int signal);

  /** Whether any member is still running (zombies do not count). */
  abstract boolean alive();

  /**
   * Returns once the child formed this group, or ended: a signal sent before would find no group
   * and be lost. Takes as long as the exec of {@code setsid}, well under a millisecond usually.
   */
  abstract void awaitFormed(Process child);

  private static final class Leader extends ProcessGroup {
    private final long pgid;

    Leader(long pgid) {
      this.pgid = pgid;
    }

    @Override
    boolean signal(int signal) {
      return ProcessGroups.signal(pgid, signal);
    }

    @Override
    boolean alive() {
      return ProcessGroups.alive(pgid) && (!Files.isDirectory(PROC) || hasRunningMember());
    }

    @Override
    void awaitFormed(Process child) {
      long deadline = System.nanoTime() + FORM_WAIT_NANOS;
      while (!ProcessGroups.alive(pgid) && child.isAlive()) {
        if (System.nanoTime() > deadline) {
          LOG.log(System.Logger.Level.WARNING, "process " + pgid + " did not form its process group");
          return;
        }
        LockSupport.parkNanos(20_000);
      }
    }

    /** Whether a member that is not a zombie exists (an unreaped zombie still answers a signal). */
    private boolean hasRunningMember() {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumeric(p.getFileName().toString()))) {
        for (Path dir : dirs) {
          if (runningIn(dir.resolve("stat"))) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    /** Reads {@code pid (comm) state ppid pgrp ...}; comm may hold spaces and parentheses. */
    private boolean runningIn(Path stat) {
      try {
        String s = new String(Files.readAllBytes(stat), StandardCharsets.UTF_8);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", 4);
        return !f[0].equals("Z") && !f[0].equals("X") && Long.parseLong(f[2]) == pgid;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    private static boolean isNumeric(String name) {
      for (int i = 0; i < name.length(); i++) {
        if (!Character.isDigit(name.charAt(i))) {
          return false;
        }
      }
      return !name.isEmpty();
    }
  }

  private static final class Tree extends ProcessGroup {
    private final ProcessHandle child;

    Tree(ProcessHandle child) {
      this.child = child;
    }

    @Override
    boolean signal(int signal) {
      List<ProcessHandle> members = new ArrayList<>(child.descendants().toList());
      members.add(0, child);
      boolean any = false;
      for (ProcessHandle h : members) {
        any |= signal == Signals.KILL ? h.destroyForcibly() : h.destroy();
      }
      return any;
    }

    @Override
    boolean alive() {
      return child.isAlive() || child.descendants().anyMatch(ProcessHandle::isAlive);
    }

    @Override
    void awaitFormed(Process child) {
      // there is no group to wait for: signals go to the pids themselves
    }
  }
}
