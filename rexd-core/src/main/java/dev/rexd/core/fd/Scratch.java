package dev.rexd.core.fd;

import com.sun.jna.Memory;

/**
 * Native buffers that one system call fills or reads and nothing keeps: one of each per thread,
 * reused, instead of a native allocation (and its cleaner) per call. A buffer is valid until the
 * same thread asks for it again.
 *
 * <pre>{@code
 * Memory buf = Scratch.statx();
 * Posix.statx(dirfd, name, flags, Posix.STATX_BASIC_STATS, buf);
 * long size = buf.getLong(40);
 * }</pre>
 */
final class Scratch {
  private static final ThreadLocal<Memory> STATX = ThreadLocal.withInitial(() -> new Memory(Posix.STATX_BYTES));
  private static final ThreadLocal<Memory> OPEN_HOW = ThreadLocal.withInitial(() -> new Memory(Posix.OPEN_HOW_BYTES));

  private Scratch() {}

  /** A {@code struct statx}. */
  static Memory statx() {
    return STATX.get();
  }

  /** A {@code struct open_how}. */
  static Memory openHow() {
    return OPEN_HOW.get();
  }
}
