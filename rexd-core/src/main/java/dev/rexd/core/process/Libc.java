package dev.rexd.core.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc calls of the direct spawn path, bound once through JNA direct mapping: each call is a
 * plain native call, with no proxy, no argument conversion and no lock. 64-bit Linux only
 * ({@code size_t} is a {@code long}); {@link DirectSpawner#create()} checks that before the first
 * use, and binding fails ({@link LinkageError}) when a symbol is missing. Calls that report
 * failure through {@code errno} throw {@link LastErrorException}; the {@code posix_spawn*}
 * functions return the error number instead.
 *
 * <pre>{@code
 * int[] fds = new int[2];
 * Libc.pipe2(fds, Libc.O_CLOEXEC);   // LastErrorException.getErrorCode() is errno
 * }</pre>
 */
final class Libc {
  /** {@code O_CLOEXEC} of the generic Linux ABI (x86-64, aarch64, riscv64, ppc64le, s390x, loongarch64). */
  static final int O_CLOEXEC = 0x80000;
  /** {@code fcntl} command that sets a pipe's capacity (Linux 2.6.35 and later). */
  static final int F_SETPIPE_SZ = 1031;
  static final short POSIX_SPAWN_SETSIGDEF = 0x04;
  static final short POSIX_SPAWN_SETSIGMASK = 0x08;
  /** glibc 2.26 and later; older versions refuse the flag with {@code EINVAL}. */
  static final short POSIX_SPAWN_SETSID = 0x80;
  /** {@code sizeof(sigset_t)} is 128 in glibc; more is harmless. */
  static final int SIGSET_BYTES = 128;
  /** {@code sizeof(posix_spawnattr_t)} is 336 in glibc; more is harmless. */
  static final int SPAWNATTR_BYTES = 1024;
  /** {@code sizeof(posix_spawn_file_actions_t)} is 80 in glibc; more is harmless. */
  static final int FILE_ACTIONS_BYTES = 256;

  static {
    Native.register(Libc.class, NativeLibrary.getInstance("c"));
  }

  private Libc() {}

  static native int pipe2(int[] fds, int flags) throws LastErrorException;

  static native long read(int fd, Pointer buf, long count) throws LastErrorException;

  /** {@code fcntl} with an {@code int} argument. */
  static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

  static native long write(int fd, Pointer buf, long count) throws LastErrorException;

  /** Linux frees the descriptor even when {@code close} fails, so its result carries no action. */
  static native int close(int fd);

  static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

  static native Pointer malloc(long size);

  static native void free(Pointer p);

  static native int sigemptyset(Pointer set);

  static native int sigfillset(Pointer set);

  static native int posix_spawn(Pointer pid, Pointer path, Pointer fileActions, Pointer attr, Pointer argv,
      Pointer envp);

  static native int posix_spawn_file_actions_init(Pointer actions);

  static native int posix_spawn_file_actions_destroy(Pointer actions);

  static native int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

  /** glibc 2.34 and later. */
  static native int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int from);

  /** glibc 2.29 and later. */
  static native int posix_spawn_file_actions_addchdir_np(Pointer actions, Pointer path);

  /** glibc 2.29 and later. */
  static native int posix_spawn_file_actions_addfchdir_np(Pointer actions, int fd);

  static native int posix_spawnattr_init(Pointer attr);

  static native int posix_spawnattr_setflags(Pointer attr, short flags);

  static native int posix_spawnattr_setsigmask(Pointer attr, Pointer mask);

  static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer set);
}
