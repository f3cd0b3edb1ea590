package dev.rexd.core.fs;

import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.FileStat;
import dev.rexd.core.fd.OpenFile;
import dev.rexd.core.fd.OpenMode;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import org.jspecify.annotations.Nullable;

/**
 * Durable, atomic file replacement inside an open directory: the new content goes to a unique
 * temporary file ({@link TempFiles}) in that directory, is forced to disk with the permission bits
 * of the file it replaces, then renamed over the target, and the directory is forced too. A reader
 * sees the old or the new content, never a mix, even if the process dies mid-write.
 *
 * <p>{@link #stage} and {@link Staged#commit} split the two halves so that a caller changing many
 * files (a patch) can write every temporary file before renaming the first one.
 *
 * <pre>{@code
 * AtomicFiles.Staged a = AtomicFiles.stage(dirA, "a.txt", newA, dirA.stat("a.txt"), temps); // nothing visible yet
 * AtomicFiles.Staged b = AtomicFiles.stage(dirB, "b.txt", newB, dirB.stat("b.txt"), temps);
 * a.commit(false);
 * b.commit(false);
 * }</pre>
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Writes {@code content} to a new temporary file in {@code dir}, forced to disk and carrying
   * the permission bits of {@code existing} (the target as it is now, null when missing). The
   * target is untouched until {@link Staged#commit}.
   */
  static Staged stage(Dir dir, String target, byte[] content, @Nullable FileStat existing, TempFiles temps)
      throws IOException {
    while (true) {
      String temp = temps.newName();
      OpenFile f;
      try {
        f = dir.openFile(temp, OpenMode.CREATE_NEW, 0666);
      } catch (FileAlreadyExistsException taken) {
        continue; // another writer drew the same name: draw again
      }
      try (f) {
        f.write(content);
        if (existing != null && existing.isRegularFile()) {
          f.chmod(existing.permissions());
        }
        f.sync();
        return new Staged(dir, temp, target, f.stat());
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(dir, temp, e);
        throw e;
      }
    }
  }

  private static void deleteAfterFailure(Dir dir, String temp, Exception failure) {
    try {
      dir.unlink(temp);
    } catch (IOException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  /** A temporary file ready to replace its target. Commit or discard it exactly once. */
  static final class Staged {
    private final Dir dir;
    private final String temp;
    private final String target;
    private final FileStat written;

    private Staged(Dir dir, String temp, String target, FileStat written) {
      this.dir = dir;
      this.temp = temp;
      this.target = target;
      this.written = written;
    }

    Dir dir() {
      return dir;
    }

    String temp() {
      return temp;
    }

    String target() {
      return target;
    }

    /** The staged file as written (its mtime is the target's once committed). */
    FileStat written() {
      return written;
    }

    /**
     * Renames the temporary file over the target (with {@code noReplace}, only if the target does
     * not exist: {@link FileAlreadyExistsException}) and forces the directory.
     */
    void commit(boolean noReplace) throws IOException {
      try {
        dir.rename(temp, target, noReplace);
      } catch (IOException | RuntimeException e) {
        deleteAfterFailure(dir, temp, e);
        throw e;
      }
      dir.sync();
    }

    /** Deletes the temporary file; the target stays as it was. */
    void discard() throws IOException {
      dir.unlink(temp);
    }
  }
}
