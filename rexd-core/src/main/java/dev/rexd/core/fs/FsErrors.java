package dev.rexd.core.fs;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.fd.ErrnoException;
import dev.rexd.core.fd.NameTooLongException;
import dev.rexd.core.policy.RootPolicy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The errors of the file methods, each with its protocol code, reason word and the offending
 * {@code path}.
 *
 * <pre>{@code
 * throw FsErrors.notFound(file); // -32602, data {reason: "not_found", path: "/w/a.txt"}
 * }</pre>
 */
final class FsErrors {
  private FsErrors() {}

  static RexdException notFound(Path path) {
    return invalid(Reasons.NOT_FOUND, "no such file or directory: ", path);
  }

  static RexdException isDirectory(Path path) {
    return invalid(Reasons.IS_A_DIRECTORY, "is a directory: ", path);
  }

  static RexdException notDirectory(Path path) {
    return invalid(Reasons.NOT_A_DIRECTORY, "not a directory: ", path);
  }

  static RexdException notRegularFile(Path path) {
    return invalid(Reasons.INVALID_ARGUMENT, "not a regular file: ", path);
  }

  static RexdException notText(Path path) {
    return invalid(Reasons.INVALID_ARGUMENT, "file is not valid UTF-8 text: ", path);
  }

  /** {@code -32006 exists}: {@code fs.write mode:create} on an existing path. */
  static RexdException exists(Path path) {
    return RexdException.of(ErrorCode.CONCURRENCY_CONFLICT, Reasons.EXISTS, "file already exists: " + path)
        .with("path", path.toString());
  }

  /** {@code -32006 mtime_mismatch}; {@code actual} is null when the file does not exist. */
  static RexdException mtimeMismatch(Path path, long expected, @Nullable Long actual) {
    String now = actual == null ? "the file does not exist" : "its mtime is " + actual;
    return RexdException.of(ErrorCode.CONCURRENCY_CONFLICT, Reasons.MTIME_MISMATCH,
            "expected_mtime " + expected + " does not match " + path + ": " + now)
        .with("path", path.toString())
        .with("expected_mtime", expected)
        .with("actual_mtime", actual);
  }

  /** {@code -32602 patch_failed}, naming the file when one is known. */
  static RexdException patchFailed(String message, @Nullable Path path) {
    RexdException e = RexdException.invalidParams(Reasons.PATCH_FAILED, message);
    return path == null ? e : e.with("path", path.toString());
  }

  /**
   * {@code -32002 hardlinked}: appending to, or writing in place, a regular file with more than one
   * link, which may be a link to a file outside the roots.
   */
  static RexdException hardlinked(Path path) {
    return RexdException.of(ErrorCode.FORBIDDEN_PATH, Reasons.HARDLINKED, "refusing to write in place through a"
            + " hard link (the file has more than one link; an atomic replace writes a new file): " + path)
        .with("path", path.toString());
  }

  /** An I/O failure as the most specific protocol error, naming the file it names. */
  static RexdException io(IOException e) {
    String file = e instanceof FileSystemException fse ? fse.getFile() : null;
    return io(Path.of(file == null ? "" : file), e);
  }

  /** An I/O failure on {@code path} as the most specific protocol error. */
  static RexdException io(Path path, IOException e) {
    if (e instanceof NameTooLongException) {
      return RootPolicy.nameTooLong(path.toString());
    }
    if (e instanceof ErrnoException errno && errno.errno() == ErrnoException.EISDIR) {
      return isDirectory(path);
    }
    if (e instanceof ErrnoException errno && errno.errno() == ErrnoException.ENXIO) {
      return notRegularFile(path);
    }
    if (e instanceof NoSuchFileException) {
      return notFound(path);
    }
    if (e instanceof NotDirectoryException) {
      return notDirectory(path);
    }
    if (e instanceof FileAlreadyExistsException) {
      return exists(path);
    }
    if (e instanceof AccessDeniedException) {
      return invalid(Reasons.PERMISSION_DENIED, "permission denied: ", path);
    }
    return RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.IO_ERROR, "I/O error on " + path + ": " + e.getMessage())
        .with("path", path.toString());
  }

  private static RexdException invalid(String reason, String message, Path path) {
    return RexdException.invalidParams(reason, message + path).with("path", path.toString());
  }
}
