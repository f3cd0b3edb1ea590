package dev.rexd.api.fs;

import java.util.List;

/**
 * One matching line of {@code fs.grep}: the file's absolute path, the line's number (from 1), the
 * line without its line break, and up to {@code context_lines} lines before and after it.
 *
 * <pre>{@code
 * System.out.println(m.path() + ":" + m.lineNumber() + ": " + m.line());
 * }</pre>
 */
public record FsGrepMatch(String path, int lineNumber, String line, List<String> before, List<String> after) {
  public FsGrepMatch {
    before = List.copyOf(before);
    after = List.copyOf(after);
  }
}
