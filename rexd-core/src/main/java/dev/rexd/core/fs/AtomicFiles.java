package dev.rexd.core.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Durable, atomic file replacement: the new content goes to a unique temporary file in the
 * target's directory, is forced to disk with the target's permission bits, then renamed over the
 * target with an atomic move, and the directory is forced too. A reader sees the old or the new
 * content, never a mix, even if the process dies mid-write.
 *
 * <p>{@link #stage} and {@link Staged#commit} split the two halves so that a caller changing many
 * files (a patch) can write every temporary file before renaming the first one.
 *
 * <pre>{@code
 * AtomicFiles.replace(Path.of("/w/config.json"), bytes);
 *
 * AtomicFiles.Staged a = AtomicFiles.stage(fileA, newA);   // nothing visible yet
 * AtomicFiles.Staged b = AtomicFiles.stage(fileB, newB);
 * a.commit();
 * b.commit();
 * }</pre>
 */
final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /** Replaces (or creates) {@code target} atomically with {@code content}; its parent must exist. */
  static void replace(Path target, byte[] content) throws IOException {
    stage(target, content).commit();
  }

  /**
   * Writes {@code content} to a new temporary file beside {@code target}, forced to disk and
   * carrying the permission bits {@code target} has now (if it exists). The target is untouched
   * until {@link Staged#commit}.
   */
  static Staged stage(Path target, byte[] content) throws IOException {
    Path dir = parentOf(target);
    while (true) {
      Path temp = dir.resolve(".rexd-" + HexFormat.of().formatHex(randomBytes()) + ".tmp");
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        try {
          writeFully(ch, content);
          copyPermissions(target, temp);
          ch.force(true);
          return new Staged(temp, target);
        } catch (IOException | RuntimeException e) {
          deleteAfterFailure(temp, e);
          throw e;
        }
      } catch (FileAlreadyExistsException taken) {
        // another writer drew the same name: draw again
      }
    }
  }

  /** Writes every byte of {@code content} at the channel's position. */
  static void writeFully(FileChannel ch, byte[] content) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(content);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      try {
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
      } catch (UnsupportedOperationException notPosix) {
        // the file system has no POSIX permission bits to keep
      }
    }
  }

  private static void deleteAfterFailure(Path temp, Exception failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException notSupported) {
      // some platforms cannot open or sync a directory; the rename itself is still atomic
    }
  }

  private static Path parentOf(Path target) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalArgumentException("cannot write the file system root: " + target);
    }
    return dir;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return b;
  }

  /** A temporary file ready to replace its target. Commit or discard it exactly once. */
  static final class Staged {
    private final Path temp;
    private final Path target;

    private Staged(Path temp, Path target) {
      this.temp = temp;
      this.target = target;
    }

    Path target() {
      return target;
    }

    /** Renames the temporary file over the target and forces the directory. */
    void commit() throws IOException {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(temp, e);
        throw e;
      }
      forceDirectory(parentOf(target));
    }

    /** Deletes the temporary file; the target stays as it was. */
    void discard() throws IOException {
      Files.deleteIfExists(temp);
    }
  }
}
