package dev.rexd.core.fs;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.fs.FsGrepParams;
import dev.rexd.api.fs.FsGrepResult;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code fs.grep} (protocol section 9.6): searches file contents under the roots in this process,
 * no {@code grep} or {@code rg} needed on the host. {@code path} (default the session cwd) goes
 * through the root policy; below it the walk of {@link GrepFiles} never follows a symlink and
 * honours {@code .gitignore} ({@link GitIgnores}); lines are matched by {@link FileSearch}. A search
 * stops after {@code max_matches} (0 or absent: no limit) with {@code reason: "max_matches"}, or when
 * its time budget is spent with {@code reason: "time_budget"}, returning what it found.
 *
 * <p>Stateless and thread-safe: one instance serves every session.
 *
 * <pre>{@code
 * FsGrepResult r = new FsGrep().grep(session, FsGrepParams.of(session.id(), "TODO", "src"));
 * }</pre>
 */
public final class FsGrep {
  /** How long one search may run unless the server says otherwise. */
  public static final Duration DEFAULT_TIME_BUDGET = Duration.ofSeconds(10);

  private final Duration timeBudget;

  public FsGrep() {
    this(DEFAULT_TIME_BUDGET);
  }

  /** A grep whose searches stop after {@code timeBudget}. */
  public FsGrep(Duration timeBudget) {
    this.timeBudget = timeBudget;
  }

  /** Runs one search; bad patterns are {@code -32602 invalid_argument} naming {@code pattern}. */
  public FsGrepResult grep(Session session, FsGrepParams p) {
    Pattern pattern = compile(p);
    Path start = p.path() == null ? session.cwd() : session.resolve(p.path());
    BasicFileAttributes attrs = attributes(start);
    GrepBudget budget = GrepBudget.startingNow(timeBudget);
    List<Path> files;
    if (attrs.isDirectory()) {
      GitIgnores rules = Boolean.FALSE.equals(p.respectGitignore()) ? GitIgnores.none()
          : GitIgnores.above(start, session.policy()::contains);
      files = new GrepFiles(p.glob(), Boolean.TRUE.equals(p.includeHidden()), rules, budget).under(start);
    } else if (attrs.isRegularFile()) {
      files = List.of(start);
    } else {
      throw FsErrors.notRegularFile(start);
    }
    int context = p.contextLines() == null ? 0 : p.contextLines();
    FileSearch search = new FileSearch(pattern, context, p.maxMatches() == null ? 0 : p.maxMatches(), budget);
    for (Path file : files) {
      if (!search.search(file)) {
        break;
      }
    }
    String reason = search.limitReached() ? FsGrepResult.MAX_MATCHES
        : budget.spent() ? FsGrepResult.TIME_BUDGET : null;
    return new FsGrepResult(search.matches(), search.filesSearched(), reason != null, reason);
  }

  private static Pattern compile(FsGrepParams p) {
    if (p.pattern().isEmpty()) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "pattern must not be empty").with("field", "pattern");
    }
    int flags = Boolean.FALSE.equals(p.caseSensitive()) ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
    try {
      return Pattern.compile(Boolean.TRUE.equals(p.fixedStrings()) ? Pattern.quote(p.pattern()) : p.pattern(), flags);
    } catch (PatternSyntaxException e) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT,
              "pattern is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex()
                  + " (set fixed_strings to search for the text as it is)")
          .with("field", "pattern");
    }
  }

  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw FsErrors.io(path, e);
    }
  }
}
