package dev.rexd.core.fd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.Locale;

/**
 * The libc calls of descriptor-based file access, bound once through JNA direct mapping. Paths
 * are NUL-terminated byte arrays in the JVM's file name encoding ({@link Names#bytes}). 64-bit
 * Linux only; failures throw {@link LastErrorException} carrying {@code errno}.
 *
 * <pre>{@code
 * int fd = Posix.openat(Posix.AT_FDCWD, Names.bytes("/srv/app"), Posix.O_PATH | Posix.O_DIRECTORY, 0);
 * }</pre>
 */
final class Posix {
  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_REMOVEDIR = 0x200;
  static final int AT_EMPTY_PATH = 0x1000;

  static final int O_RDONLY = 0;
  static final int O_WRONLY = 1;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_APPEND = 02000;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;
  /** arm64 and powerpc number these two differently from the generic ABI (x86-64, riscv64, …). */
  static final int O_DIRECTORY;
  static final int O_NOFOLLOW;

  static final long RESOLVE_NO_MAGICLINKS = 0x02;
  static final long RESOLVE_NO_SYMLINKS = 0x04;
  static final long RESOLVE_BENEATH = 0x08;

  static final int RENAME_NOREPLACE = 1;

  /** The same number on every architecture: it was added after the syscall tables were unified. */
  static final long SYS_OPENAT2 = 437;
  static final int OPEN_HOW_BYTES = 24;
  static final int STATX_BASIC_STATS = 0x7ff;
  static final int STATX_BYTES = 256;

  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int EXDEV = 18;
  static final int ENOTDIR = 20;
  static final int EISDIR = 21;
  static final int ENXIO = 6;
  static final int EPERM = 1;
  static final int ENAMETOOLONG = 36;
  static final int ENOTEMPTY = 39;
  static final int ELOOP = 40;

  static {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean armOrPower = arch.startsWith("aarch64") || arch.startsWith("arm") || arch.startsWith("ppc");
    O_DIRECTORY = armOrPower ? 040000 : 0200000;
    O_NOFOLLOW = armOrPower ? 0100000 : 0400000;
    Native.register(Posix.class, NativeLibrary.getInstance("c"));
  }

  private Posix() {}

  static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

  /** {@code openat2(dirfd, path, how, size)} through {@code syscall}; every argument as a register. */
  static native long syscall(long number, long dirfd, byte[] path, Pointer how, long size) throws LastErrorException;

  static native int close(int fd);

  static native long pread(int fd, Pointer buf, long count, long offset) throws LastErrorException;

  static native long write(int fd, Pointer buf, long count) throws LastErrorException;

  static native int fsync(int fd) throws LastErrorException;

  static native int fchmod(int fd, int mode) throws LastErrorException;

  static native int ftruncate(int fd, long length) throws LastErrorException;

  static native int statx(int dirfd, byte[] path, int flags, int mask, Pointer buf) throws LastErrorException;

  static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

  static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
      throws LastErrorException;

  static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

  static native long readlinkat(int dirfd, byte[] path, Pointer buf, long size) throws LastErrorException;

  /** glibc 2.30 and later. */
  static native long getdents64(int fd, Pointer buf, long count) throws LastErrorException;

  static native long lseek(int fd, long offset, int whence) throws LastErrorException;

  static native int geteuid();
}
