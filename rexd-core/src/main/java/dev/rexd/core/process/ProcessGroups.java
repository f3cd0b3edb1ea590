package dev.rexd.core.process;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.concurrent.TimeUnit;

/**
 * Signals whole process groups through libc {@code kill(-pgid, sig)}, so grandchildren die with the
 * child. Every child REXD starts leads its own group ({@code setsid}), so its pid is its group id.
 *
 * <pre>{@code
 * ProcessGroups.signal(process.pid(), Signals.TERM);
 * ProcessGroups.terminate(process.toHandle(), Duration.ofSeconds(2));  // TERM, then KILL
 * }</pre>
 */
public final class ProcessGroups {
  private static final LibC LIBC = load();

  private ProcessGroups() {}

  /** Whether group signals work on this host (Linux or macOS with JNA). */
  public static boolean available() {
    return LIBC != null;
  }

  /**
   * Sends {@code signal} to the group {@code pgid}; returns false when no such group exists any more.
   * Without libc, falls back to signalling the process and its descendants through {@link ProcessHandle}.
   */
  public static boolean signal(long pgid, int signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    if (LIBC != null) {
      return LIBC.kill((int) -pgid, signal) == 0;
    }
    return ProcessHandle.of(pgid).map(h -> {
      h.descendants().forEach(d -> destroy(d, signal));
      return destroy(h, signal);
    }).orElse(false);
  }

  /** Whether any process of the group {@code pgid} is still alive (signal 0 probe). */
  public static boolean alive(long pgid) {
    if (LIBC != null) {
      return LIBC.kill((int) -pgid, 0) == 0;
    }
    return ProcessHandle.of(pgid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Ends the group {@code pgid}: TERM, then KILL once {@code graceMillis} passed with any member
   * left. Returns when the group is gone or KILL was sent.
   */
  public static void terminate(long pgid, long graceMillis) {
    if (!signal(pgid, Signals.TERM)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    while (System.nanoTime() < deadline) {
      if (!alive(pgid)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    signal(pgid, Signals.KILL);
  }

  private static boolean destroy(ProcessHandle h, int signal) {
    return signal == Signals.KILL ? h.destroyForcibly() : h.destroy();
  }

  private static LibC load() {
    if (!Platform.isLinux() && !Platform.isMac()) {
      return null;
    }
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  /** The libc calls used here. */
  interface LibC extends com.sun.jna.Library {
    int kill(int pid, int sig);
  }
}
