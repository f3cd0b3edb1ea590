package dev.rexd.core.fs;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.fs.FsGrepMatch;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Searches the lines of files for a pattern, with context lines, into one list of matches that
 * stops growing at a limit. A file whose first 8 KiB hold a NUL byte is binary and skipped; bytes
 * that are not UTF-8 read as U+FFFD. Files are opened without following a symlink.
 *
 * <pre>{@code
 * FileSearch search = new FileSearch(pattern, 2, 100, budget);
 * for (Path file : files) { if (!search.search(file)) break; }
 * search.matches();
 * }</pre>
 */
final class FileSearch {
  private static final int BINARY_PROBE_BYTES = 8192;

  private final Pattern pattern;
  private final int context;
  private final int maxMatches;
  private final GrepBudget budget;
  private final List<FsGrepMatch> matches = new ArrayList<>();
  private int filesSearched;
  private boolean limitReached;

  /** {@code maxMatches <= 0}: no limit. */
  FileSearch(Pattern pattern, int context, int maxMatches, GrepBudget budget) {
    this.pattern = pattern;
    this.context = context;
    this.maxMatches = maxMatches;
    this.budget = budget;
  }

  /**
   * Searches one file; false once the search must stop (limit reached or time spent). A file that
   * cannot be read is skipped.
   */
  boolean search(Path file) {
    if (limitReached || budget.spent()) {
      return false;
    }
    try (InputStream raw = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
         BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024)) {
      if (binary(in)) {
        return true;
      }
      filesSearched++;
      searchLines(file.toString(), new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))));
    } catch (IOException unreadable) {
      // vanished, unreadable or swapped for a symlink since the walk: not searched
    }
    return !limitReached && !budget.spent();
  }

  List<FsGrepMatch> matches() {
    return matches;
  }

  int filesSearched() {
    return filesSearched;
  }

  /** Whether a match beyond {@code maxMatches} was found. */
  boolean limitReached() {
    return limitReached;
  }

  private static boolean binary(BufferedInputStream in) throws IOException {
    in.mark(BINARY_PROBE_BYTES);
    byte[] probe = in.readNBytes(BINARY_PROBE_BYTES);
    in.reset();
    for (byte b : probe) {
      if (b == 0) {
        return true;
      }
    }
    return false;
  }

  /** A match still collecting its lines after. */
  private static final class Open {
    final String path;
    final int lineNumber;
    final String line;
    final List<String> before;
    final List<String> after = new ArrayList<>();

    Open(String path, int lineNumber, String line, List<String> before) {
      this.path = path;
      this.lineNumber = lineNumber;
      this.line = line;
      this.before = before;
    }

    FsGrepMatch done() {
      return new FsGrepMatch(path, lineNumber, line, before, after);
    }
  }

  private boolean matches(String line, String path, int lineNumber) {
    try {
      return pattern.matcher(budget.text(line)).find();
    } catch (StackOverflowError tooDeep) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, "pattern recursed too deeply on line " + lineNumber
              + " of " + path + " (" + line.length() + " characters); use a simpler pattern, e.g. without (a|b)+ over long text")
          .with("field", "pattern");
    }
  }

  private void searchLines(String path, BufferedReader reader) throws IOException {
    ArrayDeque<String> recent = new ArrayDeque<>(context + 1);
    ArrayDeque<Open> open = new ArrayDeque<>();
    int lineNumber = 0;
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        while (!open.isEmpty() && open.peekFirst().after.size() >= context) {
          matches.add(open.pollFirst().done());
        }
        for (Open o : open) {
          o.after.add(line);
        }
        if (limitReached) {
          if (open.isEmpty()) {
            return;
          }
        } else if (matches(line, path, lineNumber)) {
          if (maxMatches > 0 && matches.size() + open.size() >= maxMatches) {
            limitReached = true;
          } else {
            open.addLast(new Open(path, lineNumber, line, new ArrayList<>(recent)));
          }
        }
        if (context > 0) {
          if (recent.size() == context) {
            recent.pollFirst();
          }
          recent.addLast(line);
        }
        if ((lineNumber & 1023) == 0 && budget.spent()) {
          return;
        }
      }
    } catch (GrepBudget.Spent spent) {
      // stop with what was found
    } finally {
      while (!open.isEmpty()) {
        matches.add(open.pollFirst().done());
      }
    }
  }
}
