package dev.rexd.api.fs;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.grep} (protocol section 9.6): {@code pattern} is a {@code java.util.regex}
 * expression unless {@code fixed_strings}; {@code path} (a directory or a file, default the session
 * cwd) is searched; {@code glob} keeps files whose name (or, with a {@code /}, whose path below
 * {@code path}) matches; {@code case_sensitive} and {@code respect_gitignore} default to true.
 *
 * <pre>{@code
 * new FsGrepParams(sessionId, "TODO\\(\\w+\\)", "src", "*.java", null, null, 2, 100, null, null)
 * }</pre>
 */
public record FsGrepParams(
    String sessionId,
    String pattern,
    @Nullable String path,
    @Nullable String glob,
    @Nullable Boolean fixedStrings,
    @Nullable Boolean caseSensitive,
    @Nullable Integer contextLines,
    @Nullable Integer maxMatches,
    @Nullable Boolean includeHidden,
    @Nullable Boolean respectGitignore) {
  public FsGrepParams {
    Require.present(sessionId, "session_id");
    Require.present(pattern, "pattern");
    Require.nonNegative(contextLines, "context_lines");
    Require.nonNegative(maxMatches, "max_matches");
  }

  /** A search for {@code pattern} under {@code path} with every other option at its default. */
  public static FsGrepParams of(String sessionId, String pattern, @Nullable String path) {
    return new FsGrepParams(sessionId, pattern, path, null, null, null, null, null, null, null);
  }
}
