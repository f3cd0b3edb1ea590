package dev.rexd.core.fd;

import com.sun.jna.LastErrorException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A failed call's {@code errno} as the {@link java.nio.file} exception a caller of the JDK's file
 * API would see, so one mapping to protocol errors serves both.
 *
 * <pre>{@code
 * catch (LastErrorException e) { throw Errno.toIo(e, "/srv/app/a.txt"); }
 * }</pre>
 */
final class Errno {
  private Errno() {}

  static FileSystemException toIo(LastErrorException e, String path) {
    return toIo(e.getErrorCode(), path);
  }

  static FileSystemException toIo(int errno, String path) {
    return switch (errno) {
      case Posix.ENOENT -> new NoSuchFileException(path);
      case Posix.ENOTDIR -> new NotDirectoryException(path);
      case Posix.EEXIST, Posix.ENOTEMPTY -> new FileAlreadyExistsException(path);
      case Posix.EACCES, Posix.EPERM -> new AccessDeniedException(path);
      case Posix.ELOOP -> new PathChangedException(path);
      case Posix.ENAMETOOLONG -> new NameTooLongException(path);
      default -> new ErrnoException(path, errno);
    };
  }
}
