package dev.rexd.core.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast {@link Spawner}: libc {@code posix_spawn} through JNA, one {@code clone}+{@code exec}
 * per start, with no helper program in between.
 *
 * <ul>
 *   <li>{@code POSIX_SPAWN_SETSID}: the child leads a new session and process group before it
 *       execs, so its group exists when {@code posix_spawn} returns.
 *   <li>{@code POSIX_SPAWN_SETSIGMASK} with an empty mask and {@code POSIX_SPAWN_SETSIGDEF} with
 *       every signal, glibc's internal 32 and 33 included: the child starts with nothing blocked
 *       (the JVM blocks SIGQUIT in its threads) and every disposition at its default (signals the
 *       server ignores, say SIGHUP under {@code nohup}, are not passed on).
 *   <li>File actions: the child's ends of three {@code O_CLOEXEC} pipes onto 0, 1 and 2, every
 *       other descriptor closed ({@code addclosefrom_np}: the JVM has descriptors without
 *       {@code FD_CLOEXEC}); the working directory by {@code fchdir} to the descriptor of the
 *       directory the root policy opened ({@code addfchdir_np}), or else by {@code chdir}.
 *   <li>The program is the path {@link ProgramLocator} resolved ({@code posix_spawn}, no PATH
 *       search); {@code argv[0]} stays as given. A file the kernel cannot exec ({@code ENOEXEC})
 *       runs through {@code /bin/sh}, as {@code execvp} and the JDK do.
 *   <li>A failure is reported by {@code posix_spawn} itself (glibc waits for the exec), so a
 *       command that cannot start is an immediate {@code -32602} (see {@link SpawnErrors}).
 * </ul>
 *
 * <p>Paths are encoded like the JDK encodes file names ({@code sun.jnu.encoding}), argv and the
 * environment in UTF-8. Each child is reaped by a {@link ProcessThreads} thread
 * ({@code rexd-exec-reaper-PID}) waiting for that pid alone. {@link #create()} needs Linux on a 64-bit generic-ABI architecture
 * and glibc 2.34 or later; thread-safe and lock-free.
 *
 * <pre>{@code
 * Spawner spawner = DirectSpawner.create();   // UnsupportedOperationException says why not
 * Child child = spawner.spawn(spec);
 * }</pre>
 */
final class DirectSpawner implements Spawner {
  private static final Set<String> ARCHES = Set.of("x86-64", "aarch64", "riscv64", "ppc64le", "s390x", "loongarch64");
  private static final List<String> SYMBOLS = List.of("pipe2", "posix_spawn", "posix_spawnattr_setsigdefault",
      "posix_spawn_file_actions_addchdir_np", "posix_spawn_file_actions_addfchdir_np",
      "posix_spawn_file_actions_addclosefrom_np");
  private static final byte[] SHELL = ProcessRequest.SHELL.getBytes(StandardCharsets.UTF_8);
  private static final Charset PATHS = pathCharset();

  /** Shared by every spawn: {@code posix_spawn} only reads it. Lives as long as the JVM. */
  private final Pointer attributes;
  /** The last environment encoded, for the next child with the same one (most children share it). */
  private volatile EncodedEnv lastEnv = new EncodedEnv(Map.of(), List.of());

  private DirectSpawner(Pointer attributes) {
    this.attributes = attributes;
  }

  /**
   * The direct spawner, when this platform supports it.
   *
   * @throws UnsupportedOperationException saying what is missing
   */
  static DirectSpawner create() {
    if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || !ARCHES.contains(Platform.ARCH)) {
      throw new UnsupportedOperationException("needs 64-bit Linux on x86-64, aarch64, riscv64, ppc64le, s390x"
          + " or loongarch64; this is " + System.getProperty("os.name") + " on " + Platform.ARCH);
    }
    try {
      NativeLibrary libc = NativeLibrary.getInstance("c");
      for (String symbol : SYMBOLS) {
        libc.getFunction(symbol);
      }
      return new DirectSpawner(attributes());
    } catch (LinkageError e) {
      throw new UnsupportedOperationException("libc lacks what posix_spawn needs here (glibc 2.34 or later): "
          + e.getMessage(), e);
    }
  }

  /** A piped child: one {@code posix_spawn}, which returns once the child has exec'd. */
  @Override
  public boolean spawnsAtOnce(ChildSpec spec) {
    return spec.terminal() == null;
  }

  @Override
  public Child spawn(ChildSpec r) {
    if (r.terminal() != null) {
      throw Spawners.noTerminals();
    }
    // the child's ends at even indexes (stdin's read end, stdout's and stderr's write ends), ours at odd
    int[] fds = {-1, -1, -1, -1, -1, -1};
    boolean started = false;
    try {
      pipe(r, fds, 0, false);
      pipe(r, fds, 2, true);
      pipe(r, fds, 4, true);
      int pid = start(r, fds[0], fds[2], fds[4]);
      DirectChild child = new DirectChild(pid, new PipeEnd(fds[1]), new PipeEnd(fds[3]), new PipeEnd(fds[5]));
      started = true;
      ProcessThreads.run("rexd-exec-reaper-" + pid, child::reap);
      return child;
    } finally {
      for (int i = 0; i < fds.length; i++) {
        if (fds[i] >= 0 && (i % 2 == 0 || !started)) {
          Libc.close(fds[i]);
        }
      }
    }
  }

  /** A pipe into {@code fds[at]} (the child's end) and {@code fds[at + 1]} (ours). */
  private static void pipe(ChildSpec r, int[] fds, int at, boolean childWrites) {
    int[] p = new int[2];
    try {
      Libc.pipe2(p, Libc.O_CLOEXEC);
    } catch (LastErrorException e) {
      throw SpawnErrors.startFailed(e.getErrorCode(), r.argv().get(0), r.cwd().toString());
    }
    fds[at] = childWrites ? p[1] : p[0];
    fds[at + 1] = childWrites ? p[0] : p[1];
    if (childWrites) {
      widen(p[0]);
    }
  }

  /**
   * Gives an output pipe room for {@link PipeEnd#BUFFER_BYTES} twice over, so that a fast writer is
   * read in chunks of that size with fewer wake-ups per byte.
   */
  private static void widen(int fd) {
    Pipes.widen(fd, 2 * PipeEnd.BUFFER_BYTES);
  }

  /** Spawns {@code r} with these descriptors as its 0, 1 and 2; returns the pid. */
  private int start(ChildSpec r, int in, int out, int err) {
    byte[] program = r.program().toString().getBytes(PATHS);
    byte[] cwd = r.cwd().toString().getBytes(PATHS);
    List<byte[]> argv = new ArrayList<>(r.argv().size() + 1);
    for (String a : r.argv()) {
      argv.add(a.getBytes(StandardCharsets.UTF_8));
    }
    List<byte[]> env = encode(r.env());
    int dirFd = r.directory() == null ? -1 : r.directory().fd();
    int result = attempt(program, cwd, dirFd, argv, env, in, out, err);
    if (result == -SpawnErrors.ENOEXEC) {
      // no #! line: execvp's rule, /bin/sh runs the file (argv[0] becomes the shell)
      argv.set(0, program);
      argv.add(0, SHELL);
      result = attempt(SHELL, cwd, dirFd, argv, env, in, out, err);
    }
    if (result < 0) {
      throw SpawnErrors.startFailed(-result, r.argv().get(0), r.cwd().toString());
    }
    return result;
  }

  /** {@code env} as {@code NAME=value} C strings (without their NULs); the entries are never changed. */
  private List<byte[]> encode(Map<String, String> env) {
    EncodedEnv last = lastEnv;
    if (last.env() == env) {
      return last.entries();
    }
    List<byte[]> entries = new ArrayList<>(env.size());
    for (Map.Entry<String, String> e : env.entrySet()) {
      entries.add((e.getKey() + '=' + e.getValue()).getBytes(StandardCharsets.UTF_8));
    }
    lastEnv = new EncodedEnv(env, entries);
    return entries;
  }

  /** An environment (compared by identity: {@link ChildSpec}'s maps are immutable) and its encoding. */
  private record EncodedEnv(Map<String, String> env, List<byte[]> entries) {}

  /**
   * One {@code posix_spawn}: the pid, or minus the error number. With {@code dirFd} at least 0 the
   * child {@code fchdir}s to it (before the other descriptors close), else {@code chdir}s to cwd.
   */
  private int attempt(byte[] program, byte[] cwd, int dirFd, List<byte[]> argv, List<byte[]> env, int in, int out,
      int err) {
    try (SpawnBlock b = SpawnBlock.of(program, cwd, argv, env)) {
      Pointer actions = b.fileActions();
      int rc = Libc.posix_spawn_file_actions_init(actions);
      if (rc != 0) {
        return -rc;
      }
      try {
        rc = Libc.posix_spawn_file_actions_adddup2(actions, in, 0);
        rc = rc != 0 ? rc : Libc.posix_spawn_file_actions_adddup2(actions, out, 1);
        rc = rc != 0 ? rc : Libc.posix_spawn_file_actions_adddup2(actions, err, 2);
        if (dirFd >= 0) {
          rc = rc != 0 ? rc : Libc.posix_spawn_file_actions_addfchdir_np(actions, dirFd);
        }
        rc = rc != 0 ? rc : Libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);
        if (dirFd < 0) {
          rc = rc != 0 ? rc : Libc.posix_spawn_file_actions_addchdir_np(actions, b.cwd());
        }
        rc = rc != 0 ? rc : Libc.posix_spawn(b.pid(), b.program(), actions, attributes, b.argv(), b.envp());
        return rc != 0 ? -rc : b.pidValue();
      } finally {
        Libc.posix_spawn_file_actions_destroy(actions);
      }
    }
  }

  /** The spawn attributes every child shares: own session, nothing blocked, default dispositions. */
  private static Pointer attributes() {
    Pointer attr = Libc.malloc(Libc.SPAWNATTR_BYTES);
    Pointer sets = Libc.malloc(2L * Libc.SIGSET_BYTES);
    try {
      if (attr == null || sets == null) {
        throw new UnsupportedOperationException("out of native memory");
      }
      Pointer none = sets;
      Pointer all = sets.share(Libc.SIGSET_BYTES);
      check(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
      check(Libc.sigemptyset(none), "sigemptyset");
      check(Libc.sigfillset(all), "sigfillset");
      // sigfillset leaves out glibc's own signals 32 and 33, which its posix_spawn then sets to
      // SIG_IGN in the child, where they stay ignored after exec; listed here, they get SIG_DFL as
      // after fork and exec (signal n is bit n - 1 of the first unsigned long)
      all.setLong(0, all.getLong(0) | 1L << 31 | 1L << 32);
      check(Libc.posix_spawnattr_setflags(attr,
          (short) (Libc.POSIX_SPAWN_SETSID | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF)),
          "posix_spawnattr_setflags with POSIX_SPAWN_SETSID (glibc 2.26 or later)");
      check(Libc.posix_spawnattr_setsigmask(attr, none), "posix_spawnattr_setsigmask");
      check(Libc.posix_spawnattr_setsigdefault(attr, all), "posix_spawnattr_setsigdefault");
      Pointer ready = attr;
      attr = null;
      return ready;
    } finally {
      if (sets != null) {
        Libc.free(sets);
      }
      if (attr != null) {
        Libc.free(attr);
      }
    }
  }

  private static void check(int rc, String call) {
    if (rc != 0) {
      throw new UnsupportedOperationException(call + " failed: " + SpawnErrors.describe(rc));
    }
  }

  /** The charset the JDK encodes file names with, so the file executed is the file located. */
  private static Charset pathCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
