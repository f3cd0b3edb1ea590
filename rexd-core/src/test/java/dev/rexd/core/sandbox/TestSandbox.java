package dev.rexd.core.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The sandbox as the exec and terminal suites use it: the system's spawner inside bubblewrap with
 * default settings, and the host's pid of a pid a sandboxed process printed.
 *
 * <pre>{@code
 * Spawner spawner = TestSandbox.spawnerOrSkip();   // skips the test where this host cannot sandbox
 * long host = TestSandbox.hostPid(session, processId, printedPid);
 * }</pre>
 */
public final class TestSandbox {
  private TestSandbox() {}

  /** The system's spawner in a sandbox; the calling test is skipped (not failed) where this host cannot sandbox. */
  public static Spawner spawnerOrSkip() {
    SandboxCheck check = SandboxCheck.run(SandboxSettings.defaults());
    assumeTrue(check.usable(), () -> "no sandbox here: " + check.items());
    return SandboxSpawner.wrap(Spawners.system(), SandboxSettings.defaults());
  }

  /**
   * The host's pid of a pid a sandboxed process printed: the descendant of that process's sandbox
   * whose innermost pid it is, or -1 (not running) when the sandbox has ended already.
   */
  public static long hostPid(Session s, String processId, long printed) {
    long sandbox = s.processes().stream().filter(p -> p.processId().equals(processId)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no process " + processId)).pid();
    return ProcessHandle.of(sandbox).stream().flatMap(ProcessHandle::descendants)
        .filter(d -> {
          String[] ns = nsPids(Path.of("/proc/" + d.pid()));
          return ns.length > 2 && Long.parseLong(ns[ns.length - 1]) == printed;
        })
        .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
  }

  /**
   * The host's pid of a pid a sandboxed process printed, found among this JVM's descendants by
   * that innermost pid and the command line (inner pids repeat from one sandbox to the next), or -1
   * when none runs that command within 10 s.
   */
  public static long hostPid(long printed, String commandLine) {
    // a shell prints $! before its child has run the command: wait for it, bounded
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long pid = sandboxedProcess(printed, commandLine);
    while (pid < 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      pid = sandboxedProcess(printed, commandLine);
    }
    return pid;
  }

  private static long sandboxedProcess(long printed, String commandLine) {
    List<Long> found = ProcessHandle.current().descendants()
        .filter(d -> {
          String[] ns = nsPids(Path.of("/proc/" + d.pid()));
          return ns.length > 2 && Long.parseLong(ns[ns.length - 1]) == printed
              && commandLine.equals(cmdline(d.pid()));
        })
        .map(ProcessHandle::pid).toList();
    if (found.size() > 1) {
      throw new IllegalStateException("more than one sandboxed '" + commandLine + "' numbered " + printed + ": " + found);
    }
    return found.isEmpty() ? -1 : found.get(0);
  }

  private static String cmdline(long pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ').strip();
    } catch (IOException | RuntimeException gone) {
      return "";
    }
  }

  private static String[] nsPids(Path procDir) {
    try {
      for (String l : Files.readAllLines(procDir.resolve("status"))) {
        if (l.startsWith("NSpid:")) {
          return l.trim().split("\\s+");
        }
      }
    } catch (IOException | RuntimeException gone) {
      // the process ended while we looked
    }
    return new String[0];
  }
}
