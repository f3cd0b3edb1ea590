package dev.rexd.core.process;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Everything one {@code posix_spawn} call reads, in a single {@code malloc}'d block: room for the
 * file actions object, the pid slot, {@code argv} and {@code envp} as NULL-terminated pointer
 * arrays, and the NUL-terminated strings they point to. The block is laid out in a Java buffer and
 * copied in at once. Freed by {@link #close()}. 64-bit only.
 *
 * <pre>{@code
 * try (SpawnBlock b = SpawnBlock.of(program, cwd, argv, env)) {
 *   Libc.posix_spawn(b.pid(), b.program(), b.fileActions(), attr, b.argv(), b.envp());
 * }</pre>
 * }
 */
final class SpawnBlock implements AutoCloseable {
  private static final int PID = Libc.FILE_ACTIONS_BYTES;
  private static final int ARGV = PID + Long.BYTES;

  private final Pointer base;
  private final long envp;
  private final long program;
  private final long cwd;

  private SpawnBlock(Pointer base, long envp, long program, long cwd) {
    this.base = base;
    this.envp = envp;
    this.program = program;
    this.cwd = cwd;
  }

  /**
   * A block for these C strings (each given without its terminating NUL).
   *
   * @throws OutOfMemoryError when {@code malloc} fails
   */
  static SpawnBlock of(byte[] program, byte[] cwd, List<byte[]> argv, List<byte[]> env) {
    long envpAt = ARGV + (argv.size() + 1L) * Long.BYTES;
    long stringsAt = envpAt + (env.size() + 1L) * Long.BYTES;
    long size = stringsAt + program.length + 1 + cwd.length + 1;
    for (byte[] s : argv) {
      size += s.length + 1;
    }
    for (byte[] s : env) {
      size += s.length + 1;
    }
    if (size > Integer.MAX_VALUE) {
      throw new OutOfMemoryError("command line and environment too large: " + size + " bytes");
    }
    Pointer base = Libc.malloc(size);
    if (base == null) {
      throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory for a spawn");
    }
    // laid out from ARGV on (the file actions and pid slot need no contents); zero-filled, so every
    // string is already NUL-terminated
    ByteBuffer layout = ByteBuffer.allocate((int) (size - ARGV)).order(ByteOrder.nativeOrder());
    long origin = Pointer.nativeValue(base) + ARGV;
    int text = (int) (stringsAt - ARGV);
    layout.put(text, program);
    text += program.length + 1;
    layout.put(text, cwd);
    text += cwd.length + 1;
    int slot = 0;
    for (List<byte[]> array : List.of(argv, env)) {
      for (byte[] s : array) {
        layout.putLong(slot, origin + text);
        slot += Long.BYTES;
        layout.put(text, s);
        text += s.length + 1;
      }
      slot += Long.BYTES;   // the terminating NULL
    }
    base.write(ARGV, layout.array(), 0, layout.capacity());
    return new SpawnBlock(base, envpAt, stringsAt, stringsAt + program.length + 1);
  }

  Pointer fileActions() {
    return base;
  }

  /** Where {@code posix_spawn} writes the pid. */
  Pointer pid() {
    return base.share(PID);
  }

  int pidValue() {
    return base.getInt(PID);
  }

  Pointer program() {
    return base.share(program);
  }

  Pointer cwd() {
    return base.share(cwd);
  }

  Pointer argv() {
    return base.share(ARGV);
  }

  Pointer envp() {
    return base.share(envp);
  }

  @Override
  public void close() {
    Libc.free(base);
  }
}
