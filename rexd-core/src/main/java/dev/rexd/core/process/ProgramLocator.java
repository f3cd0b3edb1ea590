package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code argv[0]} once, by the server (protocol section 7), to the real file that is
 * executed, so that a program that cannot start is a clear {@code -32602} on the start and the
 * command policy sees the program that really runs.
 *
 * <p>A name with a {@code /} is a path (relative to the child's cwd): {@code //} and a trailing
 * {@code /} are normalised away. Any other name is looked up in the <b>server's</b> {@code PATH}
 * ({@code /bin:/usr/bin} when unset; an empty entry is the cwd), never in the {@code PATH} a
 * request passes in its environment (that one applies to what the child runs later). Either way
 * symlinks are followed to the real file, which must be an executable regular file.
 *
 * <pre>{@code
 * ProgramLocator.Program git = ProgramLocator.locate("git", cwd);   // -32602 not_found when absent
 * spawn(git.real(), argv);                                          // argv[0] stays "git"
 * }</pre>
 */
final class ProgramLocator {
  private static final String DEFAULT_PATH = "/bin:/usr/bin";
  /** The server's {@code PATH}, split once: the environment does not change while the JVM runs. */
  private static final List<String> SEARCH_PATH = List.of(searchPath().split(":", -1));

  private ProgramLocator() {}

  /**
   * A located program.
   *
   * @param named the path {@code argv[0]} names, absolute and normalised (before symlinks)
   * @param real the file it is after every symlink: what is executed
   */
  record Program(Path named, Path real) {}

  /**
   * The executable for {@code name}: {@code -32602 not_found} when there is none,
   * {@code permission_denied} when the only candidates are not executable.
   */
  static Program locate(String name, Path cwd) {
    try {
      if (name.indexOf('/') >= 0) {
        Path p = cwd.resolve(Path.of(name)).normalize();
        if (!Files.exists(p)) {
          throw error(Reasons.NOT_FOUND, "no such program: " + name, name);
        }
        Path real = realExecutable(p);
        if (real == null) {
          throw error(Reasons.PERMISSION_DENIED, "not an executable file: " + name, name);
        }
        return new Program(p, real);
      }
      boolean sawNonExecutable = false;
      for (String dir : SEARCH_PATH) {
        Path candidate = (dir.isEmpty() ? cwd : cwd.resolve(dir)).resolve(name).normalize();
        if (Files.isRegularFile(candidate)) {
          Path real = realExecutable(candidate);
          if (real != null) {
            return new Program(candidate, real);
          }
          sawNonExecutable = true;
        }
      }
      throw sawNonExecutable
          ? error(Reasons.PERMISSION_DENIED, "program is not executable: " + name, name)
          : error(Reasons.NOT_FOUND, "program not found in the server's PATH: " + name, name);
    } catch (InvalidPathException e) {
      throw error(Reasons.INVALID_ARGUMENT, "invalid program name: " + name, name);
    }
  }

  /**
   * The real file a command-policy entry stands for: an absolute path, or a name found in the
   * server's {@code PATH}; null when there is none.
   */
  static @Nullable Path realFileOf(String entry) {
    try {
      if (entry.indexOf('/') >= 0) {
        Path p = Path.of(entry);
        return p.isAbsolute() ? realExecutable(p.normalize()) : null;
      }
      for (String dir : SEARCH_PATH) {
        if (!dir.isEmpty()) {
          Path real = realExecutable(Path.of(dir).resolve(entry));
          if (real != null) {
            return real;
          }
        }
      }
      return null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The real path of an executable regular file, or null. */
  private static @Nullable Path realExecutable(Path p) {
    try {
      Path real = p.toRealPath();
      return Files.isRegularFile(real) && Files.isExecutable(real) ? real : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String searchPath() {
    String path = System.getenv("PATH");
    return path == null ? DEFAULT_PATH : path;
  }

  private static RexdException error(String reason, String message, String program) {
    return RexdException.invalidParams(reason, message).with("program", program);
  }
}
