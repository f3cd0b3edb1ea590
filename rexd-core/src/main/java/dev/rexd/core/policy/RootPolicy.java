package dev.rexd.core.policy;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.fd.Dir;
import dev.rexd.core.fd.FileStat;
import dev.rexd.core.fd.PathChangedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one gate every path and cwd goes through (protocol section 7): made absolute against the
 * session cwd, normalised, resolved through symlinks (for a path that does not exist yet, through
 * its deepest existing ancestor), then required to lie inside one of the roots.
 *
 * <p>Roots are resolved once, when the policy is made.
 *
 * <p>The check and the use are one step: {@link #beneath} and {@link #openDirectory} open the
 * checked real path by descriptor from its root without following any symlink (see
 * {@link dev.rexd.core.fd.Beneath}), so a symlink swapped into the path after the check makes the
 * open fail instead of leading outside; the path is then checked again. A path whose names
 * already lie inside a root is first taken as it is: when its directory opens from that root with
 * no symlink on the way, the path is its own real path and needs no resolving (the common case,
 * a few system calls); any symlink on the way sends it through the resolution above.
 *
 * <pre>{@code
 * RootPolicy policy = RootPolicy.of(List.of(Path.of("/srv/app")));
 * Path real = policy.resolve("src/../README.md", Path.of("/srv/app")); // /srv/app/README.md
 * policy.resolve("../etc/passwd", Path.of("/srv/app"));                // -32002 forbidden_path
 * try (OpenDirectory dir = policy.openDirectory("src", Path.of("/srv/app"))) {
 *   int fd = dir.fd();                                                // for fchdir
 * }
 * }</pre>
 */
public final class RootPolicy {
  private static final int MAX_LINKS = 40;
  /** The longest name Linux file systems take ({@code NAME_MAX}). */
  private static final int NAME_MAX = 255;
  /** How often a path is checked and opened again after a symlink was swapped into it meanwhile. */
  private static final int MAX_ATTEMPTS = 8;
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
    for (@Nullable String r : requested) {
      if (r == null) {
        throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "workspace_roots must not contain null")
            .with("field", "workspace_roots");
      }
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
    checkNameLengths(path);
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
      throw RexdException.of(ErrorCode.CONCURRENCY_CONFLICT, Reasons.PATH_CHANGED,
          "the path changed while it was resolved: " + link).with("path", link.toString());
    }
  }

  /** {@code -32602 name_too_long} when a component is longer than {@code NAME_MAX} bytes. */
  private static void checkNameLengths(String path) {
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      // a component's UTF-8 bytes are at least its char count: count bytes only for long ones
      if (end - start > NAME_MAX / 3
          && path.substring(start, end).getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
        throw nameTooLong(path);
      }
      start = end + 1;
    }
  }

  /** {@code -32602 name_too_long} for {@code path}. */
  public static RexdException nameTooLong(String path) {
    return RexdException.invalidParams(Reasons.NAME_TOO_LONG, "a name in the path is longer than the file system allows ("
        + NAME_MAX + " bytes)").with("path", path.length() > 512 ? path.substring(0, 512) + "..." : path);
  }

  /**
   * Checks {@code path} (resolved against {@code cwd}; the final component followed when it is a
   * symlink unless {@code followLast} is false) and runs {@code action} on it with its root open:
   * the action opens what it needs through {@link Target}, every open without following a
   * symlink. When a symlink was swapped into the path between the check and an open
   * ({@link PathChangedException}), the path is checked and the action run again, up to a few
   * times; then the call fails with {@code -32006 path_changed}. The action must change nothing
   * before its first open.
   */
  public <T> T beneath(String path, Path cwd, boolean followLast, Action<T> action) throws IOException {
    Path abs = absolute(path, cwd);
    Path lexicalRoot = rootOrNull(abs);
    if (lexicalRoot != null) {
      try {
        return symlinkFree(abs, lexicalRoot, followLast, action);
      } catch (PathChangedException symlinkOnTheWay) {
        // resolve it through its symlinks below
      }
    }
    for (int attempt = 1; ; attempt++) {
      Path real = followLast ? resolve(path, cwd) : resolveNoFollow(path, cwd);
      Path root = rootOf(real);
      try (Dir rootDir = Dir.openRoot(root)) {
        return action.run(new Target(real, root, rootDir, null));
      } catch (PathChangedException raced) {
        if (attempt == MAX_ATTEMPTS) {
          throw RexdException.of(ErrorCode.CONCURRENCY_CONFLICT, Reasons.PATH_CHANGED,
              "the path kept changing while it was opened: " + path).with("path", path);
        }
      }
    }
  }

  /**
   * The common case without resolving anything by hand: {@code abs} (normalised, lexically inside
   * {@code root}) is taken as the real path once its directory opens from the root with no
   * symlink on the way and, with {@code followLast}, its last name is not a symlink either. A
   * symlink anywhere, or a directory that does not open, is {@link PathChangedException}: the
   * caller resolves the path the long way then.
   */
  private static <T> T symlinkFree(Path abs, Path root, boolean followLast, Action<T> action) throws IOException {
    try (Dir rootDir = Dir.openRoot(root)) {
      Path parent = abs.equals(root) ? root : abs.getParent();
      if (parent.equals(root)) {
        if (followLast && !abs.equals(root) && lastIsSymlink(rootDir, abs)) {
          throw longWay(abs, null);
        }
        return action.run(new Target(abs, root, rootDir, null));
      }
      Dir parentDir = openOrChanged(rootDir, root, parent);
      Target target = new Target(abs, root, rootDir, parentDir);
      try {
        if (followLast && lastIsSymlink(parentDir, abs)) {
          throw longWay(abs, null);
        }
        return action.run(target);
      } finally {
        target.closeUnclaimed();
      }
    }
  }

  /** Opens {@code dir} below the open root; any failure means "take the long way". */
  private static Dir openOrChanged(Dir rootDir, Path root, Path dir) throws PathChangedException {
    try {
      return rootDir.openDir(root.relativize(dir).toString(), dir);
    } catch (IOException e) {
      throw longWay(dir, e);
    }
  }

  /** Whether the last name of {@code abs} is a symlink; a failure to look means "take the long way". */
  private static boolean lastIsSymlink(Dir parentDir, Path abs) throws PathChangedException {
    try {
      FileStat last = parentDir.stat(String.valueOf(abs.getFileName()));
      return last != null && last.isSymbolicLink();
    } catch (IOException e) {
      throw longWay(abs, e);
    }
  }

  private static PathChangedException longWay(Path path, @Nullable IOException cause) {
    PathChangedException e = new PathChangedException(path.toString());
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /**
   * Opens the directory {@code path} names (null or empty: {@code cwd} itself), resolved against
   * {@code cwd} through this policy, as an {@code O_PATH} descriptor that stays on that directory
   * whatever is renamed later: start a child there with {@code fchdir(fd)} (e.g.
   * {@code posix_spawn_file_actions_addfchdir_np}) or {@link OpenDirectory#procPath()}, never with
   * the path again. {@code -32002} outside the roots, {@code -32602 not_found} /
   * {@code not_a_directory} / {@code name_too_long}, {@code -32006 path_changed} when a symlink kept
   * being swapped into the path.
   */
  public OpenDirectory openDirectory(@Nullable String path, Path cwd) {
    String p = path == null || path.isEmpty() ? cwd.toString() : path;
    try {
      return beneath(p, cwd, true, at -> new OpenDirectory(at.root().openDirPath(at.relative(), at.path())));
    } catch (IOException e) {
      throw directoryError(p, e);
    }
  }

  private static RexdException directoryError(String requested, IOException e) {
    String reason = e instanceof java.nio.file.NoSuchFileException ? Reasons.NOT_FOUND
        : e instanceof java.nio.file.NotDirectoryException ? Reasons.NOT_A_DIRECTORY
        : e instanceof dev.rexd.core.fd.NameTooLongException ? Reasons.NAME_TOO_LONG
        : e instanceof java.nio.file.AccessDeniedException ? Reasons.PERMISSION_DENIED : null;
    if (reason == null) {
      return RexdException.of(ErrorCode.INTERNAL_ERROR, Reasons.IO_ERROR,
          "cannot open directory " + requested + ": " + e.getMessage()).with("path", requested);
    }
    return RexdException.invalidParams(reason, "cwd is not an existing directory: " + requested)
        .with("path", requested);
  }

  private Path rootOf(Path real) {
    Path best = rootOrNull(real);
    if (best == null) {
      throw new IllegalStateException("checked path outside the roots: " + real);
    }
    return best;
  }

  /** The innermost root {@code path} lies in, by its names alone; null when none. */
  private @Nullable Path rootOrNull(Path path) {
    Path best = null;
    for (Path root : roots) {
      if (path.startsWith(root) && (best == null || root.getNameCount() > best.getNameCount())) {
        best = root;
      }
    }
    return best;
  }

  /** What {@link #beneath} does with a checked path. */
  @FunctionalInterface
  public interface Action<T> {
    T run(Target target) throws IOException;
  }

  /** What {@link Target#inParent} does with the directory holding the path. */
  @FunctionalInterface
  public interface DirUse<T> {
    T apply(Dir parent) throws IOException;
  }

  /**
   * A checked path and its root, open: {@link #path()} is the real path (for results and
   * messages), {@link #root()} the open root, {@link #relative()} the path below it.
   */
  public static final class Target {
    private final Path path;
    private final Path rootPath;
    private final Dir root;
    private @Nullable Dir parent;

    /** @param parent the directory holding the path, already open (the first {@link #openParent} takes it), or null */
    Target(Path path, Path rootPath, Dir root, @Nullable Dir parent) {
      this.path = path;
      this.rootPath = rootPath;
      this.root = root;
      this.parent = parent;
    }

    /** The checked real path. */
    public Path path() {
      return path;
    }

    /** The root the path lies in, open. */
    public Dir root() {
      return root;
    }

    /** The path relative to its root; empty for the root itself. */
    public String relative() {
      return rootPath.relativize(path).toString();
    }

    /** The last name of the path; {@code "."} for the root itself. */
    public String name() {
      return path.equals(rootPath) ? "." : String.valueOf(path.getFileName());
    }

    /** The directory holding the path (the root itself when the path is the root). */
    public Path parentPath() {
      return path.equals(rootPath) ? path : path.getParent();
    }

    /** Opens the directory holding the path; the caller closes it. */
    public Dir openParent() throws IOException {
      Dir opened = parent;
      if (opened != null) {
        parent = null;
        return opened;
      }
      return root.openDir(rootPath.relativize(parentPath()).toString(), parentPath());
    }

    /**
     * Runs {@code use} on the directory holding the path, and closes what it opened for that: a
     * name directly in the root is used from the open root itself, without opening anything. The
     * directory is valid only inside {@code use}.
     */
    public <T> T inParent(DirUse<T> use) throws IOException {
      if (parent == null && parentPath().equals(rootPath)) {
        return use.apply(root);
      }
      try (Dir dir = openParent()) {
        return use.apply(dir);
      }
    }

    /** Closes the directory opened up front if {@link #openParent} never took it. */
    void closeUnclaimed() {
      Dir opened = parent;
      parent = null;
      if (opened != null) {
        opened.close();
      }
    }

    /** Opens the directory holding the path, creating missing ones and recording them in {@code created}. */
    public Dir makeParents(List<Path> created) throws IOException {
      return root.makeDirs(rootPath.relativize(parentPath()).toString(), parentPath(), created);
    }

    /** Opens the path itself as a directory. */
    public Dir openDir() throws IOException {
      return root.openDir(relative(), path);
    }
  }
}
