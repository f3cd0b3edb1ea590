package dev.rexd.core.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.jspecify.annotations.Nullable;

/**
 * The {@code .gitignore} rules in force in one directory, parsed by JGit's {@link IgnoreNode}: the
 * rules of each directory from the repository's top (or the first directory outside the roots) down
 * to this one, plus {@code .git/info/exclude}; the deepest rule that matches decides, as in git.
 * Immutable: {@link #enter} gives the rules of a subdirectory.
 *
 * <pre>{@code
 * GitIgnores rules = GitIgnores.above(start, policy::contains);
 * if (!rules.ignored(child, isDirectory)) { ... rules.enter(child) ... }
 * }</pre>
 */
final class GitIgnores {
  private static final System.Logger LOG = System.getLogger(GitIgnores.class.getName());

  /** One directory's rules; {@code base} is the directory its patterns are relative to. */
  private record Level(Path base, IgnoreNode rules) {}

  private static final GitIgnores NONE = new GitIgnores(List.of());

  private final List<Level> levels;

  private GitIgnores(List<Level> levels) {
    this.levels = levels;
  }

  /** No rules at all ({@code respect_gitignore: false}). */
  static GitIgnores none() {
    return NONE;
  }

  /**
   * The rules in force in {@code dir}: those of its ancestors up to the repository's top (a
   * directory holding {@code .git}), reading only directories {@code readable} accepts.
   */
  static GitIgnores above(Path dir, java.util.function.Predicate<Path> readable) {
    List<Level> levels = new ArrayList<>();
    for (@Nullable Path d = dir; d != null && readable.test(d); d = d.getParent()) {
      Level own = read(d, d.resolve(".gitignore"));
      if (own != null) {
        levels.add(own);
      }
      if (Files.isDirectory(d.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
        Level exclude = read(d, d.resolve(".git/info/exclude"));
        if (exclude != null) {
          levels.add(exclude);
        }
        break;
      }
    }
    Collections.reverse(levels);
    return new GitIgnores(List.copyOf(levels));
  }

  /** The rules in force in {@code dir}, a subdirectory of the directory these rules are for. */
  GitIgnores enter(Path dir) {
    if (this == NONE) {
      return NONE;
    }
    Level own = read(dir, dir.resolve(".gitignore"));
    if (own == null) {
      return this;
    }
    List<Level> deeper = new ArrayList<>(levels);
    deeper.add(own);
    return new GitIgnores(List.copyOf(deeper));
  }

  /** Whether git would ignore {@code path}. */
  boolean ignored(Path path, boolean directory) {
    for (int i = levels.size() - 1; i >= 0; i--) {
      Level level = levels.get(i);
      if (!path.startsWith(level.base())) {
        continue;
      }
      String relative = level.base().relativize(path).toString();
      Boolean decided = level.rules().checkIgnored(relative, directory);
      if (decided != null) {
        return decided;
      }
    }
    return false;
  }

  private static @Nullable Level read(Path base, Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    IgnoreNode node = new IgnoreNode();
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      node.parse(file.toString(), in);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot read " + file + ": " + e.getMessage());
      return null;
    }
    return node.getRules().isEmpty() ? null : new Level(base, node);
  }
}
