package dev.rexd.core.fd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;

/**
 * {@code statx} into a {@link FileStat}. The {@code struct statx} layout is the same on every
 * architecture.
 *
 * <pre>{@code
 * FileStat st = Stats.of(dirfd, Names.bytes("a.txt"), Posix.AT_SYMLINK_NOFOLLOW);
 * }</pre>
 */
final class Stats {
  private static final byte[] EMPTY = {0};

  private Stats() {}

  static FileStat of(int dirfd, byte[] name, int flags) throws LastErrorException {
    Memory buf = Scratch.statx();
    Posix.statx(dirfd, name, flags, Posix.STATX_BASIC_STATS, buf);
    long mtimeSec = buf.getLong(112);
    int mtimeNsec = buf.getInt(120);
    long device = ((buf.getInt(136) & 0xffffffffL) << 32) | (buf.getInt(140) & 0xffffffffL);
    return new FileStat(buf.getShort(28) & 0xffff, buf.getInt(16) & 0xffffffffL, buf.getInt(20), buf.getInt(24),
        buf.getLong(40), mtimeSec * 1000 + mtimeNsec / 1_000_000, device, buf.getLong(32));
  }

  /** The file {@code fd} itself refers to. */
  static FileStat ofDescriptor(int fd) throws LastErrorException {
    return of(fd, EMPTY, Posix.AT_EMPTY_PATH);
  }
}
