package dev.rexd.core.process;

import com.sun.jna.LastErrorException;

/**
 * Widens a pipe's kernel buffer (Linux's default is 64 KiB), so that a fast writer fills it in
 * larger pieces and its reader wakes up fewer times per byte: the output pipes of the processes a
 * server starts, and a stdio server's own standard output, where every output event leaves.
 *
 * <pre>{@code
 * Pipes.widen(1, 1 << 20);   // stdout, when it is a pipe; anything else keeps its size
 * }</pre>
 */
public final class Pipes {
  private Pipes() {}

  /**
   * Asks for {@code bytes} of buffer on the pipe {@code fd}; false when {@code fd} is no pipe, the
   * size is past the user's pipe memory limit, or the platform has no such call. Best effort: the
   * pipe works as before either way.
   */
  public static boolean widen(int fd, int bytes) {
    try {
      Libc.fcntl(fd, Libc.F_SETPIPE_SZ, bytes);
      return true;
    } catch (LastErrorException e) {
      return false; // EBADF/EINVAL: not a pipe; EPERM: past /proc/sys/fs/pipe-user-pages-soft or pipe-max-size
    } catch (LinkageError e) {
      return false; // no libc through JNA here
    }
  }
}
