package dev.rexd.core.fd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An open file, read and written through its descriptor: what was opened is what is read, written
 * and synced, whatever happens to its path meanwhile.
 *
 * <pre>{@code
 * try (OpenFile f = dir.openFile("a.txt", OpenMode.READ, 0)) {
 *   byte[] all = f.read(0, (int) f.stat().size());
 * }
 * }</pre>
 */
public final class OpenFile implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final int fd;
  private final Path path;
  private boolean closed;

  OpenFile(int fd, Path path) {
    this.fd = fd;
    this.path = path;
  }

  public Path path() {
    return path;
  }

  public FileStat stat() throws IOException {
    try {
      return Stats.ofDescriptor(fd);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.toString());
    }
  }

  /** Up to {@code count} bytes from {@code position}; fewer at the end of the file. */
  public byte[] read(long position, int count) throws IOException {
    byte[] out = new byte[count];
    int done = 0;
    try (Memory buf = new Memory(Math.max(1, Math.min(count, CHUNK)))) {
      while (done < count) {
        long n;
        try {
          n = Posix.pread(fd, buf, Math.min(buf.size(), count - done), position + done);
        } catch (LastErrorException e) {
          if (e.getErrorCode() == Posix.EINTR) {
            continue;
          }
          throw Errno.toIo(e, path.toString());
        }
        if (n == 0) {
          break;
        }
        buf.read(0, out, done, (int) n);
        done += (int) n;
      }
    }
    return done == count ? out : Arrays.copyOf(out, done);
  }

  /** Writes every byte of {@code content} at the file's position (its end, when opened to append). */
  public void write(byte[] content) throws IOException {
    if (content.length == 0) {
      return;
    }
    try (Memory buf = new Memory(Math.min(content.length, CHUNK))) {
      for (int done = 0; done < content.length; ) {
        int len = (int) Math.min(buf.size(), content.length - done);
        buf.write(0, content, done, len);
        int off = 0;
        while (off < len) {
          try {
            off += (int) Posix.write(fd, buf.share(off), len - off);
          } catch (LastErrorException e) {
            if (e.getErrorCode() != Posix.EINTR) {
              throw Errno.toIo(e, path.toString());
            }
          }
        }
        done += len;
      }
    }
  }

  public void truncate(long length) throws IOException {
    try {
      Posix.ftruncate(fd, length);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.toString());
    }
  }

  /** Sets the permission bits. */
  public void chmod(int permissions) throws IOException {
    try {
      Posix.fchmod(fd, permissions);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.toString());
    }
  }

  /** Forces content and metadata to disk. */
  public void sync() throws IOException {
    try {
      Posix.fsync(fd);
    } catch (LastErrorException e) {
      throw Errno.toIo(e, path.toString());
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
