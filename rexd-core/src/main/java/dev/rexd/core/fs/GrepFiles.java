package dev.rexd.core.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The files {@code fs.grep} searches below a directory, sorted by path: regular files only, never
 * through a symlink (links to files and to directories alike are left out, so a walk cannot leave
 * the roots), without {@code .git}, hidden names (a leading dot) unless asked for, and what
 * {@code .gitignore} ignores unless told otherwise.
 *
 * <pre>{@code
 * List<Path> files = new GrepFiles(null, false, GitIgnores.above(dir, policy::contains), budget).under(dir);
 * }</pre>
 */
final class GrepFiles {
  private final @Nullable PathMatcher glob;
  private final boolean globOnPath;
  private final boolean includeHidden;
  private final GitIgnores rootRules;
  private final GrepBudget budget;
  private final List<Path> files = new ArrayList<>();
  private @Nullable Path start;

  GrepFiles(@Nullable String glob, boolean includeHidden, GitIgnores rules, GrepBudget budget) {
    this.glob = glob == null || glob.isEmpty() ? null
        : java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
    this.globOnPath = glob != null && glob.indexOf('/') >= 0;
    this.includeHidden = includeHidden;
    this.rootRules = rules;
    this.budget = budget;
  }

  /** The files below {@code dir} (a real directory inside the roots), sorted by path. */
  List<Path> under(Path dir) {
    start = dir;
    walk(dir, rootRules);
    files.sort(java.util.Comparator.comparing(Path::toString));
    return files;
  }

  private void walk(Path dir, GitIgnores rules) {
    if (budget.spent()) {
      return;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path child : children) {
        visit(child, rules);
      }
    } catch (IOException | java.nio.file.DirectoryIteratorException unreadable) {
      // an unreadable directory has nothing to search
    }
  }

  private void visit(Path child, GitIgnores rules) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException vanished) {
      return;
    }
    String name = child.getFileName().toString();
    if (attrs.isSymbolicLink() || (!includeHidden && name.startsWith(".")) || name.equals(".git")) {
      return;
    }
    if (attrs.isDirectory()) {
      if (!rules.ignored(child, true)) {
        walk(child, rules.enter(child));
      }
    } else if (attrs.isRegularFile() && !rules.ignored(child, false) && globAccepts(child)) {
      files.add(child);
    }
  }

  private boolean globAccepts(Path file) {
    if (glob == null) {
      return true;
    }
    Path start = java.util.Objects.requireNonNull(this.start);
    return glob.matches(globOnPath ? start.relativize(file) : file.getFileName());
  }
}
