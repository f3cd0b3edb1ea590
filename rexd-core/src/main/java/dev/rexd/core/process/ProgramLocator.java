package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Finds the executable {@code argv[0]} names, the way {@code execvp} will, so that a program that
 * cannot start is a clear {@code -32602} error on {@code exec.start} instead of a failed child.
 *
 * <p>A name with a {@code /} is a path (relative to the child's cwd); any other name is looked up
 * in {@code PATH} of the child's environment ({@code /bin:/usr/bin} when unset; an empty entry is
 * the cwd).
 *
 * <pre>{@code
 * Path git = ProgramLocator.locate("git", env.get("PATH"), cwd); // -32602 not_found when absent
 * }</pre>
 */
final class ProgramLocator {
  private static final String DEFAULT_PATH = "/bin:/usr/bin";

  private ProgramLocator() {}

  /**
   * The executable for {@code name}: {@code -32602 not_found} when there is none,
   * {@code permission_denied} when the only candidates are not executable.
   */
  static Path locate(String name, @Nullable String searchPath, Path cwd) {
    try {
      if (name.indexOf('/') >= 0) {
        Path p = cwd.resolve(name);
        if (!Files.exists(p)) {
          throw error(Reasons.NOT_FOUND, "no such program: " + name, name);
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
          throw error(Reasons.PERMISSION_DENIED, "not an executable file: " + name, name);
        }
        return p;
      }
      boolean sawNonExecutable = false;
      for (String dir : (searchPath == null ? DEFAULT_PATH : searchPath).split(":", -1)) {
        Path candidate = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(name);
        if (Files.isRegularFile(candidate)) {
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
          sawNonExecutable = true;
        }
      }
      throw sawNonExecutable
          ? error(Reasons.PERMISSION_DENIED, "program is not executable: " + name, name)
          : error(Reasons.NOT_FOUND, "program not found in PATH: " + name, name);
    } catch (InvalidPathException e) {
      throw error(Reasons.INVALID_ARGUMENT, "invalid program name: " + name, name);
    }
  }

  private static RexdException error(String reason, String message, String program) {
    return RexdException.invalidParams(reason, message).with("program", program);
  }
}
