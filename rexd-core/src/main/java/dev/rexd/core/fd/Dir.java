package dev.rexd.core.fd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An open directory, and every file system call the file methods make, relative to it: each takes
 * one name (no {@code /}) and never follows a symlink in it. A directory opened through
 * {@link #openRoot} and {@link #openDir} was reached without following any symlink (see
 * {@link Beneath}), so the names below it are exactly below the path that was checked.
 *
 * <pre>{@code
 * try (Dir root = Dir.openRoot(Path.of("/srv/app"));
 *      Dir src = root.openDir("src", Path.of("/srv/app/src"));
 *      OpenFile f = src.openFile("Main.java", OpenMode.READ)) {
 *   byte[] head = f.read(0, 4096);
 * }
 * }</pre>
 */
public final class Dir implements AutoCloseable {
  private static final int DT_UNKNOWN = 0;
  private static final int DT_DIR = 4;
  private static final int DT_REG = 8;
  private static final int DT_LNK = 10;
  private static final int DIRENT_BUFFER = 32 * 1024;

  private final int fd;
  private final Path path;
  private boolean closed;

  private Dir(int fd, Path path) {
    this.fd = fd;
    this.path = path;
  }

  /**
   * Opens an absolute real path (a root) for reading, walking from {@code /} without following any
   * symlink: a symlink on the way is {@link PathChangedException}.
   */
  public static Dir openRoot(Path realRoot) throws IOException {
    return new Dir(Beneath.openAbsolute(realRoot, Posix.O_RDONLY | Posix.O_DIRECTORY), realRoot);
  }

  /** The descriptor; valid until {@link #close}. */
  public int fd() {
    return fd;
  }

  /** The path this directory was opened as. */
  public Path path() {
    return path;
  }

  /** Opens the directory {@code relative} below this one for reading; {@code shown} is its path. */
  public Dir openDir(String relative, Path shown) throws IOException {
    return new Dir(Beneath.open(fd, relative, Posix.O_RDONLY | Posix.O_DIRECTORY, 0, shown.toString()), shown);
  }

  /**
   * Opens the directory {@code relative} below this one as an {@code O_PATH} descriptor: good for
   * {@code fchdir} and as the base of {@code *at} calls, needs no read permission.
   */
  public Dir openDirPath(String relative, Path shown) throws IOException {
    return new Dir(Beneath.open(fd, relative, Posix.O_PATH | Posix.O_DIRECTORY, 0, shown.toString()), shown);
  }

  /**
   * Opens the directory {@code relative} below this one, creating each missing component (mode
   * {@code 0777} less the umask) and adding what it created to {@code created}, outermost first.
   */
  public Dir makeDirs(String relative, Path shown, List<Path> created) throws IOException {
    Dir current = new Dir(Beneath.open(fd, "", Posix.O_RDONLY | Posix.O_DIRECTORY, 0, path.toString()), path);
    if (relative.isEmpty()) {
      return current;
    }
    try {
      for (String name : relative.split("/")) {
        Dir next;
        try {
          next = current.child(name);
        } catch (NoSuchFileException missing) {
          Path made = current.path.resolve(name);
          try {
            current.mkdir(name);
            created.add(made);
          } catch (FileAlreadyExistsException raced) {
            // made meanwhile by someone else: open it
          }
          next = current.child(name);
        }
        current.close();
        current = next;
      }
      return current;
    } catch (IOException | RuntimeException e) {
      current.close();
      throw e;
    }
  }

  /** Opens the subdirectory {@code name} for reading; a symlink is {@link PathChangedException}. */
  public Dir child(String name) throws IOException {
    Path shown = path.resolve(name);
    return new Dir(Beneath.openat(fd, name, Posix.O_RDONLY | Posix.O_DIRECTORY, 0, shown.toString()), shown);
  }

  /**
   * Opens the file {@code name} ({@code O_NONBLOCK}, so a FIFO never blocks the call); a symlink is
   * {@link PathChangedException}. New files get {@code perm} less the umask.
   */
  public OpenFile openFile(String name, OpenMode mode, int perm) throws IOException {
    int flags = switch (mode) {
      case READ -> Posix.O_RDONLY;
      case WRITE -> Posix.O_WRONLY | Posix.O_CREAT;
      case CREATE_NEW -> Posix.O_WRONLY | Posix.O_CREAT | Posix.O_EXCL;
      case APPEND -> Posix.O_WRONLY | Posix.O_CREAT | Posix.O_APPEND;
    };
    Path shown = path.resolve(name);
    return new OpenFile(Beneath.openat(fd, name, flags | Posix.O_NONBLOCK, perm, shown.toString()), shown);
  }

  /** {@code name} itself (a symlink is not followed), or null when it does not exist. */
  public @Nullable FileStat stat(String name) throws IOException {
    try {
      return Stats.of(fd, Names.bytes(name), Posix.AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      if (e.getErrorCode() == Posix.ENOENT) {
        return null;
      }
      throw Errno.toIo(e, path.resolve(name).toString());
    }
  }

  /** This directory itself. */
  public FileStat stat() throws IOException {
    try {
      return Stats.ofDescriptor(fd);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.toString());
    }
  }

  /** The target stored in the symlink {@code name}. */
  public String readLink(String name) throws IOException {
    try (Memory buf = new Memory(4096)) {
      long n = Posix.readlinkat(fd, Names.bytes(name), buf, buf.size());
      return Names.string(buf.getByteArray(0, (int) n), 0, (int) n);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.resolve(name).toString());
    }
  }

  public void mkdir(String name) throws IOException {
    try {
      Posix.mkdirat(fd, Names.bytes(name), 0777);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.resolve(name).toString());
    }
  }

  /** Renames {@code from} to {@code to} in this directory; with {@code noReplace} an existing {@code to} is an error. */
  public void rename(String from, String to, boolean noReplace) throws IOException {
    try {
      Posix.renameat2(fd, Names.bytes(from), fd, Names.bytes(to), noReplace ? Posix.RENAME_NOREPLACE : 0);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.resolve(to).toString());
    }
  }

  /** Removes the file or symlink {@code name}. */
  public void unlink(String name) throws IOException {
    remove(name, 0);
  }

  /** Removes the empty directory {@code name}. */
  public void removeDir(String name) throws IOException {
    remove(name, Posix.AT_REMOVEDIR);
  }

  private void remove(String name, int flags) throws IOException {
    try {
      Posix.unlinkat(fd, Names.bytes(name), flags);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.resolve(name).toString());
    }
  }

  /** Forces the directory's entries to disk; file systems that cannot are ignored. */
  public void sync() {
    try {
      Posix.fsync(fd);
    } catch (LastErrorException e) {
      // EINVAL: this file system does not sync directories; the renames are still atomic
    }
  }

  /** The entries of this directory, without {@code .} and {@code ..}, in the order the kernel gives; read afresh on every call. */
  public List<DirEntry> entries() throws IOException {
    List<DirEntry> out = new ArrayList<>();
    try {
      Posix.lseek(fd, 0, 0); // SEEK_SET: every call reads the whole directory
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.toString());
    }
    try (Memory buf = new Memory(DIRENT_BUFFER)) {
      while (true) {
        long n;
        try {
          n = Posix.getdents64(fd, buf, DIRENT_BUFFER);
        } catch (LastErrorException e) {
          throw Errno.toIo(e, path.toString());
        }
        if (n <= 0) {
          return out;
        }
        byte[] bytes = buf.getByteArray(0, (int) n);
        for (int at = 0; at < n; ) {
          int reclen = buf.getShort(at + 16) & 0xffff;
          int type = bytes[at + 18] & 0xff;
          int nameStart = at + 19;
          int nameEnd = nameStart;
          while (bytes[nameEnd] != 0) {
            nameEnd++;
          }
          String name = Names.string(bytes, nameStart, nameEnd - nameStart);
          if (!name.equals(".") && !name.equals("..")) {
            DirEntry.Kind kind = kind(type, name);
            if (kind != null) {
              out.add(new DirEntry(name, kind));
            }
          }
          at += reclen;
        }
      }
    }
  }

  private DirEntry.@Nullable Kind kind(int type, String name) throws IOException {
    switch (type) {
      case DT_DIR: return DirEntry.Kind.DIR;
      case DT_REG: return DirEntry.Kind.FILE;
      case DT_LNK: return DirEntry.Kind.SYMLINK;
      case DT_UNKNOWN:
        FileStat st = stat(name);
        if (st == null) {
          return null; // removed while we read
        }
        return st.isDirectory() ? DirEntry.Kind.DIR : st.isRegularFile() ? DirEntry.Kind.FILE
            : st.isSymbolicLink() ? DirEntry.Kind.SYMLINK : DirEntry.Kind.OTHER;
      default: return DirEntry.Kind.OTHER;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      Posix.close(fd);
    }
  }
}
