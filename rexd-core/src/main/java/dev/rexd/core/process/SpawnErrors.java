package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.util.Map;

/**
 * Turns the {@code errno} of a failed direct spawn into the {@code -32602} error of
 * {@code exec.start}, with a stable {@code data.reason}. The numbers are those of the generic
 * Linux ABI.
 *
 * <pre>{@code
 * throw SpawnErrors.startFailed(2, "make", cwd);   // -32602, reason not_found, data.errno "ENOENT"
 * }</pre>
 */
final class SpawnErrors {
  static final int ENOEXEC = 8;

  private record Errno(String name, String text, String reason) {}

  private static final Map<Integer, Errno> KNOWN = Map.ofEntries(
      Map.entry(1, new Errno("EPERM", "operation not permitted", Reasons.PERMISSION_DENIED)),
      Map.entry(2, new Errno("ENOENT", "no such file or directory", Reasons.NOT_FOUND)),
      Map.entry(7, new Errno("E2BIG", "argument list too long", Reasons.INVALID_ARGUMENT)),
      Map.entry(ENOEXEC, new Errno("ENOEXEC", "exec format error", Reasons.PERMISSION_DENIED)),
      Map.entry(9, new Errno("EBADF", "bad file descriptor", Reasons.IO_ERROR)),
      Map.entry(11, new Errno("EAGAIN", "resource temporarily unavailable", Reasons.IO_ERROR)),
      Map.entry(12, new Errno("ENOMEM", "out of memory", Reasons.IO_ERROR)),
      Map.entry(13, new Errno("EACCES", "permission denied", Reasons.PERMISSION_DENIED)),
      Map.entry(20, new Errno("ENOTDIR", "not a directory", Reasons.NOT_FOUND)),
      Map.entry(21, new Errno("EISDIR", "is a directory", Reasons.PERMISSION_DENIED)),
      Map.entry(23, new Errno("ENFILE", "too many open files in system", Reasons.IO_ERROR)),
      Map.entry(24, new Errno("EMFILE", "too many open files", Reasons.IO_ERROR)),
      Map.entry(26, new Errno("ETXTBSY", "text file busy", Reasons.IO_ERROR)),
      Map.entry(32, new Errno("EPIPE", "broken pipe", Reasons.IO_ERROR)),
      Map.entry(36, new Errno("ENAMETOOLONG", "file name too long", Reasons.INVALID_ARGUMENT)),
      Map.entry(40, new Errno("ELOOP", "too many levels of symbolic links", Reasons.NOT_FOUND)));

  private SpawnErrors() {}

  /** {@code -32602} for a program that could not start in {@code cwd}: the reason follows {@code errno}. */
  static RexdException startFailed(int errno, String program, String cwd) {
    Errno e = KNOWN.get(errno);
    String reason = e == null ? Reasons.IO_ERROR : e.reason();
    return RexdException.invalidParams(reason, "cannot start " + program + " in " + cwd + ": " + describe(errno))
        .with("program", program)
        .with("errno", e == null ? String.valueOf(errno) : e.name());
  }

  /** {@code "ENOENT (no such file or directory)"}, or {@code "errno 95"} for a number not listed here. */
  static String describe(int errno) {
    Errno e = KNOWN.get(errno);
    return e == null ? "errno " + errno : e.name() + " (" + e.text() + ")";
  }
}
