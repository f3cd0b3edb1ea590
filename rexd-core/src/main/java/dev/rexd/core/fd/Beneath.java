package dev.rexd.core.fd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * How a path below an open directory is opened without following any symlink: one
 * {@code openat2} call with {@code RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS}
 * (Linux 5.6+), or, where the kernel lacks it, one {@code openat(..., O_NOFOLLOW)} per component,
 * each relative to the descriptor of the one before. Both refuse a symlink anywhere on the way
 * ({@link PathChangedException}), so what opens is exactly the symlink-free path that was checked.
 * The mechanism is chosen once, by asking the kernel; {@code -Drexd.fs.resolve=openat} forces the
 * component walk.
 *
 * <pre>{@code
 * Beneath.mechanism();   // "openat2" or "openat"
 * }</pre>
 */
public final class Beneath {
  private static final String OPENAT2 = "openat2";
  private static final String OPENAT = "openat";
  private static volatile boolean useOpenat2 = !OPENAT.equals(System.getProperty("rexd.fs.resolve"))
      && openat2Works();

  private Beneath() {}

  /** The mechanism in force: {@code "openat2"} or {@code "openat"} (the component walk). */
  public static String mechanism() {
    return useOpenat2 ? OPENAT2 : OPENAT;
  }

  /** For tests: forces the component walk ({@code false}) or openat2 where the kernel has it. */
  static void useOpenat2(boolean use) {
    useOpenat2 = use && openat2Works();
  }

  /**
   * Opens {@code relative} (normalised, no {@code ..}, empty for the directory itself) below
   * {@code dirfd} with {@code flags}; {@code shown} names it in errors.
   */
  static int open(int dirfd, String relative, int flags, int mode, String shown) throws IOException {
    String rel = relative.isEmpty() ? "." : relative;
    return useOpenat2 ? openat2(dirfd, rel, flags, mode, shown) : walk(dirfd, rel, flags, mode, shown);
  }

  private static int openat2(int dirfd, String rel, int flags, int mode, String shown) throws IOException {
    return openat2(dirfd, Names.bytes(rel), flags, mode,
        Posix.RESOLVE_BENEATH | Posix.RESOLVE_NO_SYMLINKS | Posix.RESOLVE_NO_MAGICLINKS, shown);
  }

  private static int openat2(int dirfd, byte[] path, int flags, int mode, long resolve, String shown)
      throws IOException {
    Memory how = Scratch.openHow();
    how.setLong(0, (flags | Posix.O_CLOEXEC) & 0xffffffffL);
    how.setLong(8, mode);
    how.setLong(16, resolve);
    for (int attempt = 0; ; attempt++) {
      try {
        return (int) Posix.syscall(Posix.SYS_OPENAT2, dirfd, path, how, Posix.OPEN_HOW_BYTES);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if ((errno == Posix.EAGAIN || errno == Posix.EINTR) && attempt < 16) {
          continue; // the kernel saw a concurrent rename and asks us to try again
        }
        if (errno == Posix.EXDEV) {
          throw new PathChangedException(shown);
        }
        throw Errno.toIo(errno, shown);
      }
    }
  }

  private static int walk(int dirfd, String rel, int flags, int mode, String shown) throws IOException {
    String[] parts = rel.split("/");
    int current = dirfd;
    try {
      for (int i = 0; i < parts.length; i++) {
        boolean last = i == parts.length - 1;
        int f = last ? flags : Posix.O_PATH | Posix.O_DIRECTORY;
        int next = openat(current, parts[i], f | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, last ? mode : 0, shown);
        if (current != dirfd) {
          Posix.close(current);
        }
        current = next;
      }
      return current;
    } catch (IOException | RuntimeException e) {
      if (current != dirfd) {
        Posix.close(current);
      }
      throw e;
    }
  }

  /**
   * One {@code openat} of one name below {@code dirfd}, never following a symlink. A directory
   * ({@code O_DIRECTORY} in {@code flags}) is first opened as {@code O_PATH} and checked on its
   * descriptor, because {@code O_DIRECTORY | O_NOFOLLOW} on a symlink says {@code ENOTDIR}, not
   * {@code ELOOP}, and looking at the name again afterwards would race.
   */
  static int openat(int dirfd, String name, int flags, int mode, String shown) throws IOException {
    if ((flags & Posix.O_DIRECTORY) == 0) {
      try {
        return Posix.openat(dirfd, Names.bytes(name), flags | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, mode);
      } catch (LastErrorException e) {
        throw Errno.toIo(e, shown);
      }
    }
    int fd;
    try {
      fd = Posix.openat(dirfd, Names.bytes(name), Posix.O_PATH | Posix.O_NOFOLLOW | Posix.O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, shown);
    }
    try {
      FileStat st = Stats.ofDescriptor(fd);
      if (st.isSymbolicLink()) {
        throw new PathChangedException(shown);
      }
      if (!st.isDirectory()) {
        throw Errno.toIo(Posix.ENOTDIR, shown);
      }
      if ((flags & Posix.O_PATH) != 0) {
        int kept = fd;
        fd = -1;
        return kept;
      }
      return Posix.openat(fd, Names.bytes("."), flags | Posix.O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, shown);
    } finally {
      if (fd >= 0) {
        Posix.close(fd);
      }
    }
  }

  /**
   * Opens an absolute real path without following any symlink: one {@code openat2} of the whole
   * path, or the component walk from {@code /}.
   */
  static int openAbsolute(Path absolute, int flags) throws IOException {
    String shown = absolute.toString();
    if (useOpenat2) {
      return openat2(Posix.AT_FDCWD, Names.bytes(shown), flags, 0,
          Posix.RESOLVE_NO_SYMLINKS | Posix.RESOLVE_NO_MAGICLINKS, shown);
    }
    int slash = Posix.openat(Posix.AT_FDCWD, Names.bytes("/"), Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_CLOEXEC, 0);
    try {
      return open(slash, shown.substring(1), flags, 0, shown);
    } finally {
      Posix.close(slash);
    }
  }

  private static boolean openat2Works() {
    try (Memory how = new Memory(Posix.OPEN_HOW_BYTES)) {
      how.clear();
      how.setLong(0, Posix.O_PATH | Posix.O_DIRECTORY | Posix.O_CLOEXEC);
      how.setLong(16, Posix.RESOLVE_BENEATH | Posix.RESOLVE_NO_SYMLINKS | Posix.RESOLVE_NO_MAGICLINKS);
      int fd = (int) Posix.syscall(Posix.SYS_OPENAT2, Posix.AT_FDCWD, Names.bytes("."), how, Posix.OPEN_HOW_BYTES);
      Posix.close(fd);
      return true;
    } catch (LastErrorException | LinkageError e) {
      return false; // ENOSYS before Linux 5.6, EPERM under some seccomp filters
    }
  }
}
