package dev.rexd.core.process;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.rexd.core.process.Signals;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Lets children start with SIGQUIT deliverable. HotSpot blocks SIGQUIT in every Java thread (it is
 * the thread-dump signal, handled by one VM thread), and a child inherits the signal mask of the
 * thread that spawns it: without this, {@code exec.kill QUIT} could never reach a child. The
 * spawning thread unblocks SIGQUIT for the duration of the spawn only (a SIGQUIT sent to the
 * server in that window still produces its thread dump). Linux only; elsewhere a no-op. Used by
 * {@link PortableSpawner}; {@link DirectSpawner} sets the child's mask through its spawn attributes.
 *
 * <pre>{@code
 * Process p = ChildSignalMask.spawn(builder::start);   // IOException passes through
 * }</pre>
 */
final class ChildSignalMask {
  private static final System.Logger LOG = System.getLogger(ChildSignalMask.class.getName());
  private static final int SIG_UNBLOCK = 1;
  private static final int SIG_SETMASK = 2;
  /** glibc's sigset_t: 1024 bits. */
  private static final int SIGSET_BYTES = 128;
  private static final @Nullable LibC LIBC = load();

  private ChildSignalMask() {}

  /** Runs {@code spawn} on this thread with SIGQUIT unblocked, then restores the thread's mask. */
  static Process spawn(Spawn spawn) throws IOException {
    LibC libc = LIBC;
    if (libc == null) {
      return spawn.start();
    }
    Memory quit = new Memory(SIGSET_BYTES);
    quit.clear();
    int bit = Signals.QUIT - 1;
    quit.setByte(bit / 8, (byte) (1 << (bit % 8)));
    Memory old = new Memory(SIGSET_BYTES);
    if (libc.sigprocmask(SIG_UNBLOCK, quit, old) != 0) {
      return spawn.start();
    }
    try {
      return spawn.start();
    } finally {
      libc.sigprocmask(SIG_SETMASK, old, null);
    }
  }

  /** Starts a child on the calling thread, like {@link ProcessBuilder#start()}. */
  interface Spawn {
    Process start() throws IOException;
  }

  private static @Nullable LibC load() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return Native.load("c", LibC.class);
    } catch (LinkageError | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot load libc: children will start with SIGQUIT blocked", e);
      return null;
    }
  }

  /** The libc call used here; on Linux it changes the calling thread's mask only. */
  interface LibC extends Library {
    int sigprocmask(int how, Pointer set, @Nullable Pointer oldset);
  }
}
