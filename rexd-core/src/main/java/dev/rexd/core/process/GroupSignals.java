package dev.rexd.core.process;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

/**
 * Signals whole process groups through libc {@code kill(-pgid, sig)}, so grandchildren die with
 * the child. Without JNA (or off Linux and macOS) it falls back to the process and its
 * descendants through {@link ProcessHandle}.
 *
 * <pre>{@code
 * GroupSignals.signal(pgid, Signals.TERM);
 * }</pre>
 */
final class GroupSignals {
  private static final @Nullable LibC LIBC = load();

  private GroupSignals() {}

  /** Sends {@code signal} to the group {@code pgid}; false when no such group exists any more. */
  static boolean signal(long pgid, int signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    LibC libc = LIBC;
    if (libc != null) {
      return libc.kill((int) -pgid, signal) == 0;
    }
    return ProcessHandle.of(pgid).map(h -> {
      h.descendants().forEach(d -> destroy(d, signal));
      return destroy(h, signal);
    }).orElse(false);
  }

  /** Whether the group {@code pgid} exists (signal 0 probe; an unreaped zombie counts). */
  static boolean exists(long pgid) {
    LibC libc = LIBC;
    if (libc != null) {
      return libc.kill((int) -pgid, 0) == 0;
    }
    return ProcessHandle.of(pgid).map(ProcessHandle::isAlive).orElse(false);
  }

  static boolean destroy(ProcessHandle h, int signal) {
    return signal == Signals.KILL ? h.destroyForcibly() : h.destroy();
  }

  private static @Nullable LibC load() {
    try {
      if (!Platform.isLinux() && !Platform.isMac()) {
        return null;
      }
      return Native.load("c", LibC.class);
    } catch (LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** The libc call used here. */
  interface LibC extends Library {
    int kill(int pid, int sig);
  }
}
