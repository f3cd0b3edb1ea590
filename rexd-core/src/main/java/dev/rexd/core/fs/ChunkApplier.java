package dev.rexd.core.fs;

import dev.rexd.api.RexdException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Applies the {@code @@} chunks of one {@code *** Update File:} to a file's text, in memory.
 *
 * <p>Each chunk is searched for from where the previous one ended: first its anchor line (if it
 * has one), then its expected lines, compared exactly, then ignoring trailing whitespace, then
 * ignoring surrounding whitespace; matched context lines keep the file's text. A chunk marked {@code *** End of File} is tried at the end of
 * the file first. A chunk of added lines only goes after its anchor, or at the end of the file.
 * The file keeps its line ending ({@code \r\n} if it has any) and ends with one.
 *
 * <pre>{@code
 * Patch.Chunk bToC = new Patch.Chunk(null, List.of(new Patch.Line(Patch.Kind.REMOVE, "b"),
 *     new Patch.Line(Patch.Kind.ADD, "c")), false);
 * String next = ChunkApplier.apply("a\nb\n", List.of(bToC), path);
 * // "a\nc\n"
 * }</pre>
 */
final class ChunkApplier {
  private static final List<BiPredicate<String, String>> COMPARISONS = List.of(
      String::equals,
      (a, b) -> a.stripTrailing().equals(b.stripTrailing()),
      (a, b) -> a.strip().equals(b.strip()));

  private ChunkApplier() {}

  /** The text after every chunk, or {@code -32602 patch_failed} naming {@code path} and the line not found. */
  static String apply(String original, List<Patch.Chunk> chunks, Path path) {
    String eol = original.contains("\r\n") ? "\r\n" : "\n";
    List<String> lines = new ArrayList<>(Arrays.asList(original.split(eol, -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    List<Replacement> replacements = new ArrayList<>();
    int cursor = 0;
    for (Patch.Chunk chunk : chunks) {
      String anchor = chunk.anchor();
      if (anchor != null) {
        int at = seek(lines, List.of(anchor), cursor, false);
        if (at < 0) {
          throw noMatch(path, anchor);
        }
        cursor = at + 1;
      }
      Replacement r = chunk.oldLines().isEmpty() ? insertion(chunk, lines, cursor) : replacement(chunk, lines, cursor, path);
      replacements.add(r);
      cursor = r.start() + r.length();
    }
    replacements.sort(Comparator.comparingInt(Replacement::start));
    for (int i = replacements.size() - 1; i >= 0; i--) {
      Replacement r = replacements.get(i);
      lines.subList(r.start(), r.start() + r.length()).clear();
      lines.addAll(r.start(), r.lines());
    }
    return lines.isEmpty() ? "" : String.join(eol, lines) + eol;
  }

  private static Replacement insertion(Patch.Chunk chunk, List<String> lines, int cursor) {
    boolean afterAnchor = chunk.anchor() != null && !chunk.endOfFile();
    return new Replacement(afterAnchor ? cursor : lines.size(), 0, chunk.newLines());
  }

  private static Replacement replacement(Patch.Chunk chunk, List<String> lines, int cursor, Path path) {
    Patch.Chunk tried = chunk;
    int at = seek(lines, tried.oldLines(), cursor, tried.endOfFile());
    // blank lines closing a chunk are often just the patch's own spacing: retry without them
    while (at < 0 && tried.lines().size() > 1 && isBlankContext(tried.lines().get(tried.lines().size() - 1))) {
      tried = tried.withoutLastLine();
      at = seek(lines, tried.oldLines(), cursor, tried.endOfFile());
    }
    if (at < 0) {
      throw noMatch(path, firstUnmatched(lines, chunk.oldLines(), cursor));
    }
    // context lines keep the file's own text, which may differ from the patch's in whitespace
    List<String> result = new ArrayList<>();
    int fileLine = at;
    for (Patch.Line line : tried.lines()) {
      switch (line.kind()) {
        case CONTEXT -> result.add(lines.get(fileLine++));
        case REMOVE -> fileLine++;
        case ADD -> result.add(line.text());
      }
    }
    return new Replacement(at, fileLine - at, result);
  }

  private static boolean isBlankContext(Patch.Line line) {
    return line.kind() == Patch.Kind.CONTEXT && line.text().isEmpty();
  }

  /** Where {@code pattern} starts at or after {@code from}, or -1; each comparison in turn, strictest first. */
  private static int seek(List<String> lines, List<String> pattern, int from, boolean endOfFile) {
    int lastStart = lines.size() - pattern.size();
    for (BiPredicate<String, String> same : COMPARISONS) {
      if (endOfFile && lastStart >= from && matchesAt(lines, pattern, lastStart, same)) {
        return lastStart;
      }
      for (int i = from; i <= lastStart; i++) {
        if (matchesAt(lines, pattern, i, same)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** The first line of {@code pattern} that no start position at or after {@code from} gets past. */
  private static String firstUnmatched(List<String> lines, List<String> pattern, int from) {
    BiPredicate<String, String> loosest = COMPARISONS.get(COMPARISONS.size() - 1);
    int best = 0;
    for (int i = from; i < lines.size() && best < pattern.size(); i++) {
      int k = 0;
      while (k < pattern.size() && i + k < lines.size() && loosest.test(lines.get(i + k), pattern.get(k))) {
        k++;
      }
      best = Math.max(best, k);
    }
    return pattern.get(Math.min(best, pattern.size() - 1));
  }

  private static boolean matchesAt(List<String> lines, List<String> pattern, int start, BiPredicate<String, String> same) {
    for (int k = 0; k < pattern.size(); k++) {
      if (!same.test(lines.get(start + k), pattern.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static RexdException noMatch(Path path, String line) {
    return FsErrors.patchFailed("patch does not apply to " + path + ": cannot find line '" + line + "'", path)
        .with("line", line);
  }

  /** Replace {@code length} lines from {@code start} with {@code lines}. */
  private record Replacement(int start, int length, List<String> lines) {}
}
