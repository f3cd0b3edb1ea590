package dev.rexd.core.policy;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one gate every path and cwd goes through (protocol section 7): made absolute against the
 * session cwd, normalised, resolved through symlinks (for a path that does not exist yet, through
 * its deepest existing ancestor), then required to lie inside one of the roots.
 *
 * <p>Roots are resolved once, when the policy is made.
 *
 * <pre>{@code
 * RootPolicy policy = RootPolicy.of(List.of(Path.of("/srv/app")));
 * Path real = policy.resolve("src/../README.md", Path.of("/srv/app")); // /srv/app/README.md
 * policy.resolve("../etc/passwd", Path.of("/srv/app"));                // -32002 forbidden_path
 * }</pre>
 */
public final class RootPolicy {
  private static final int MAX_LINKS = 40;
  private final List<Path> roots;
  private final List<String> rootNames;

  private RootPolicy(List<Path> resolvedRoots) {
    this.roots = List.copyOf(resolvedRoots);
    this.rootNames = roots.stream().map(Path::toString).toList();
  }

  /** A policy over these roots, each resolved to its real path now; a missing root is an error. */
  public static RootPolicy of(List<Path> roots) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one allowed root is required");
    }
    List<Path> real = new ArrayList<>();
    for (Path root : roots) {
      try {
        Path r = root.toAbsolutePath().normalize().toRealPath();
        if (!Files.isDirectory(r)) {
          throw new IllegalArgumentException("allowed root is not a directory: " + root);
        }
        if (!real.contains(r)) {
          real.add(r);
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("allowed root does not exist: " + root, e);
      }
    }
    return new RootPolicy(real);
  }

  /** The real paths of the roots, in order. */
  public List<Path> roots() {
    return roots;
  }

  /** The roots as strings, as errors and results report them. */
  public List<String> rootNames() {
    return rootNames;
  }

  /**
   * A narrower policy for a session: each requested root must resolve inside this policy's roots,
   * else {@code -32002}. No request (null or empty) keeps every root.
   */
  public RootPolicy narrow(List<String> requested, Path base) {
    if (requested == null || requested.isEmpty()) {
      return this;
    }
    List<Path> narrowed = new ArrayList<>();
    for (String r : requested) {
      Path p = resolve(r, base);
      if (!Files.isDirectory(p)) {
        throw RexdException.invalidParams(Files.exists(p) ? Reasons.NOT_A_DIRECTORY : Reasons.NOT_FOUND,
            "workspace root is not an existing directory: " + r).with("path", p.toString());
      }
      if (!narrowed.contains(p)) {
        narrowed.add(p);
      }
    }
    return new RootPolicy(narrowed);
  }

  /**
   * The real path {@code path} names, resolved against {@code cwd}, or {@code -32002} when it lies
   * outside every root. The final component is followed when it is a symlink.
   */
  public Path resolve(String path, Path cwd) {
    Path real = realPath(absolute(path, cwd));
    check(real, path);
    return real;
  }

  /**
   * Like {@link #resolve} but without following the last component when it is a symlink: the
   * returned path names the link itself, whose parent directory lies inside a root. For operations
   * on a link (stat, list, delete) rather than its target.
   */
  public Path resolveNoFollow(String path, Path cwd) {
    Path abs = absolute(path, cwd);
    Path parent = abs.getParent();
    if (parent == null || abs.getFileName() == null) {
      return resolve(path, cwd);
    }
    Path real = realPath(parent).resolve(abs.getFileName());
    // not a link: its real path is its resolved parent plus its name; a link: itself
    check(Files.isSymbolicLink(real) ? real.getParent() : real, path);
    return real;
  }

  /** Whether an already-real path lies inside a root (for walks that discover paths). */
  public boolean contains(Path realPath) {
    for (Path root : roots) {
      if (realPath.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  private void check(Path real, String requested) {
    if (!contains(real)) {
      throw RexdException.forbiddenPath(requested, rootNames).with("resolved", real.toString());
    }
  }

  private static Path absolute(String path, Path cwd) {
    if (path.indexOf('\0') >= 0) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "path contains a NUL byte");
    }
    try {
      Path p = Path.of(path.isEmpty() ? "." : path);
      return (p.isAbsolute() ? p : cwd.resolve(p)).normalize();
    } catch (InvalidPathException e) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "invalid path: " + path);
    }
  }

  private static Path realPath(Path abs) {
    return realPath(abs, 0);
  }

  /**
   * The real path of an absolute normalised path. An existing path is resolved in one call; for a
   * missing one the deepest existing ancestor is resolved and the rest appended, and a dangling
   * symlink on the way is followed by hand (so one pointing outside is still caught).
   */
  private static Path realPath(Path abs, int linksFollowed) {
    if (linksFollowed > MAX_LINKS) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "too many levels of symbolic links: " + abs);
    }
    try {
      return abs.toRealPath();
    } catch (IOException missing) {
      // walk up below
    }
    Path firstMissing = abs;
    Path existing = abs.getParent();
    while (existing != null && !Files.exists(existing)) {
      firstMissing = existing;
      existing = existing.getParent();
    }
    Path rest = firstMissing.relativize(abs);
    if (Files.isSymbolicLink(firstMissing)) {
      Path target = firstMissing.resolveSibling(readLink(firstMissing)).normalize();
      return realPath(rest.toString().isEmpty() ? target : target.resolve(rest).normalize(), linksFollowed + 1);
    }
    if (existing == null) {
      return abs;
    }
    try {
      return existing.toRealPath().resolve(firstMissing.getFileName()).resolve(rest).normalize();
    } catch (IOException e) {
      throw RexdException.invalidParams(Reasons.IO_ERROR, "cannot resolve path: " + abs + ": " + e.getMessage());
    }
  }

  private static Path readLink(Path link) {
    try {
      return Files.readSymbolicLink(link);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code p} exists without following a final symlink. */
  public static boolean existsNoFollow(Path p) {
    return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
  }
}
