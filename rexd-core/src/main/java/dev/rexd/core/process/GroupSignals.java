package dev.rexd.core.process;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Signals whole process groups through libc {@code kill(-pgid, sig)}, bound through JNA direct
 * mapping (a plain native call: the group probe runs after every process), so grandchildren die
 * with the child. Without JNA (or off Linux and macOS) it falls back to the process and its
 * descendants through {@link ProcessHandle}.
 *
 * <pre>{@code
 * GroupSignals.signal(pgid, Signals.TERM);
 * }</pre>
 */
final class GroupSignals {
  private static final boolean NATIVE = bind();

  private GroupSignals() {}

  /** Sends {@code signal} to the group {@code pgid}; false when no such group exists any more. */
  static boolean signal(long pgid, int signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    if (NATIVE) {
      return kill((int) -pgid, signal) == 0;
    }
    return ProcessHandle.of(pgid).map(h -> {
      h.descendants().forEach(d -> destroy(d, signal));
      return destroy(h, signal);
    }).orElse(false);
  }

  /** Whether the group {@code pgid} exists (signal 0 probe; an unreaped zombie counts). */
  static boolean exists(long pgid) {
    if (NATIVE) {
      return kill((int) -pgid, 0) == 0;
    }
    return ProcessHandle.of(pgid).map(ProcessHandle::isAlive).orElse(false);
  }

  static boolean destroy(ProcessHandle h, int signal) {
    return signal == Signals.KILL ? h.destroyForcibly() : h.destroy();
  }

  private static boolean bind() {
    try {
      if (!Platform.isLinux() && !Platform.isMac()) {
        return false;
      }
      Native.register(GroupSignals.class, NativeLibrary.getInstance("c"));
      return true;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  /** libc {@code kill}: 0, or -1 with {@code errno} set. */
  private static native int kill(int pid, int sig);
}
