package dev.rexd.core.fs;

import dev.rexd.api.RexdException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the {@code *** Begin Patch} … {@code *** End Patch} format of the {@code apply_patch}
 * tool into a {@link Patch}, touching no file.
 *
 * <pre>
 * *** Begin Patch
 * *** Add File: docs/new.md
 * +# New
 * *** Delete File: old.txt
 * *** Update File: src/app.py
 * *** Move to: src/main.py
 * &#64;&#64; def main():
 * -    print("hi")
 * +    print("hello")
 * *** End of File
 * *** End Patch
 * </pre>
 *
 * <p>An {@code @@} line may name an anchor line to find before the chunk; a unified-diff range
 * ({@code @@ -1,3 +1,4 @@}) is not an anchor. The first chunk of a file may omit its {@code @@}. A
 * blank line inside a chunk is an empty context line. Lines may end in {@code \r\n}. Malformed text
 * is {@code -32602 patch_failed} with the 1-based {@code patch_line}.
 *
 * <pre>{@code
 * Patch patch = PatchParser.parse("*** Begin Patch\n*** Delete File: a.txt\n*** End Patch\n");
 * }</pre>
 */
final class PatchParser {
  private static final String BEGIN = "*** Begin Patch";
  private static final String END = "*** End Patch";
  private static final String ADD = "*** Add File:";
  private static final String DELETE = "*** Delete File:";
  private static final String UPDATE = "*** Update File:";
  private static final String MOVE = "*** Move to:";
  private static final String END_OF_FILE = "*** End of File";
  private static final Pattern UNIFIED_RANGE = Pattern.compile("-\\d+(?:,\\d+)? \\+\\d+(?:,\\d+)? @@(.*)");

  private final List<String> lines = new ArrayList<>();
  private int next;
  private int end;

  private PatchParser(String text) {
    for (String line : text.split("\n", -1)) {
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
  }

  /** The patch {@code text} describes, or {@code -32602 patch_failed} when it is malformed. */
  static Patch parse(String text) {
    return new PatchParser(text).patch();
  }

  private Patch patch() {
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    int last = lines.size() - 1;
    while (last > first && lines.get(last).isBlank()) {
      last--;
    }
    if (first == lines.size() || !lines.get(first).strip().equals(BEGIN)) {
      throw fail(first == lines.size() ? 0 : first, "a patch must start with '" + BEGIN + "'");
    }
    if (last == first || !lines.get(last).strip().equals(END)) {
      throw fail(last, "a patch must end with '" + END + "'");
    }
    next = first + 1;
    end = last;
    List<Patch.FileOp> ops = new ArrayList<>();
    while (next < end) {
      String line = lines.get(next);
      if (line.isBlank()) {
        next++;
      } else if (line.startsWith(ADD)) {
        ops.add(addFile(header(ADD)));
      } else if (line.startsWith(DELETE)) {
        ops.add(new Patch.DeleteFile(header(DELETE)));
      } else if (line.startsWith(UPDATE)) {
        ops.add(updateFile(header(UPDATE)));
      } else {
        throw fail(next, "expected '" + ADD + "', '" + DELETE + "' or '" + UPDATE + "', got: " + line);
      }
    }
    if (ops.isEmpty()) {
      throw fail(first, "the patch has no file operations");
    }
    return new Patch(ops);
  }

  /** The path after {@code prefix} on the current line, which it consumes. */
  private String header(String prefix) {
    String path = lines.get(next).substring(prefix.length()).strip();
    if (path.isEmpty()) {
      throw fail(next, "'" + prefix + "' needs a path");
    }
    next++;
    return path;
  }

  private Patch.AddFile addFile(String path) {
    StringBuilder content = new StringBuilder();
    while (next < end && lines.get(next).startsWith("+")) {
      content.append(lines.get(next), 1, lines.get(next).length()).append('\n');
      next++;
    }
    return new Patch.AddFile(path, content.toString());
  }

  private Patch.UpdateFile updateFile(String path) {
    String moveTo = next < end && lines.get(next).startsWith(MOVE) ? header(MOVE) : null;
    List<Patch.Chunk> chunks = new ArrayList<>();
    while (next < end && !lines.get(next).startsWith("***")) {
      chunks.add(chunk(chunks.isEmpty()));
    }
    if (chunks.isEmpty() && moveTo == null) {
      throw fail(next - 1, "'" + UPDATE + " " + path + "' has no @@ chunks");
    }
    return new Patch.UpdateFile(path, moveTo, chunks);
  }

  private Patch.Chunk chunk(boolean firstOfFile) {
    String header = lines.get(next);
    String anchor = null;
    if (header.startsWith("@@")) {
      anchor = anchor(header.substring(2).strip());
      next++;
    } else if (!firstOfFile || !isChangeLine(header)) {
      throw fail(next, "expected a chunk starting with '@@', got: " + header);
    }
    List<Patch.Line> body = new ArrayList<>();
    boolean endOfFile = false;
    int start = next;
    while (next < end) {
      String line = lines.get(next);
      if (line.strip().equals(END_OF_FILE)) {
        endOfFile = true;
        next++;
        break;
      }
      if (line.startsWith("@@") || line.startsWith("***")) {
        break;
      }
      body.add(chunkLine(line));
      next++;
    }
    if (body.isEmpty()) {
      throw fail(start - 1, "empty chunk");
    }
    return new Patch.Chunk(anchor, body, endOfFile);
  }

  private Patch.Line chunkLine(String line) {
    if (line.isEmpty()) {
      return new Patch.Line(Patch.Kind.CONTEXT, "");
    }
    switch (line.charAt(0)) {
      case ' ': return new Patch.Line(Patch.Kind.CONTEXT, line.substring(1));
      case '-': return new Patch.Line(Patch.Kind.REMOVE, line.substring(1));
      case '+': return new Patch.Line(Patch.Kind.ADD, line.substring(1));
      default: throw fail(next, "a chunk line must start with ' ', '-' or '+', got: " + line);
    }
  }

  private static @Nullable String anchor(String text) {
    Matcher range = UNIFIED_RANGE.matcher(text);
    String anchor = range.matches() ? range.group(1).strip() : text;
    return anchor.isEmpty() ? null : anchor;
  }

  private static boolean isChangeLine(String line) {
    return !line.isEmpty() && " -+".indexOf(line.charAt(0)) >= 0;
  }

  private static RexdException fail(int index, String message) {
    int lineNumber = Math.max(index, 0) + 1;
    return FsErrors.patchFailed("invalid patch at line " + lineNumber + ": " + message, null)
        .with("patch_line", lineNumber);
  }
}
