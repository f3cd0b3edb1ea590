package dev.rexd.core.fd;

import java.nio.file.FileSystemException;

/**
 * A failed file system call whose {@code errno} has no closer {@link java.nio.file} exception.
 *
 * <pre>{@code
 * catch (ErrnoException e) { if (e.errno() == ErrnoException.EISDIR) { ... } }
 * }</pre>
 */
public final class ErrnoException extends FileSystemException {
  /** No reader on a FIFO opened for writing without blocking. */
  public static final int ENXIO = Posix.ENXIO;
  public static final int EISDIR = Posix.EISDIR;
  private static final long serialVersionUID = 1L;
  private final int errno;

  public ErrnoException(String path, int errno) {
    super(path, null, "errno " + errno);
    this.errno = errno;
  }

  public int errno() {
    return errno;
  }
}
