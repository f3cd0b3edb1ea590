package dev.rexd.core.fs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code *** Begin Patch} envelope: the file operations in the order written.
 *
 * <pre>{@code
 * Patch p = PatchParser.parse(text);
 * for (Patch.FileOp op : p.ops()) { ... }
 * }</pre>
 */
record Patch(List<FileOp> ops) {
  Patch {
    ops = List.copyOf(ops);
  }

  /** One {@code *** Add File:}, {@code *** Delete File:} or {@code *** Update File:} section. */
  sealed interface FileOp permits AddFile, DeleteFile, UpdateFile {
    /** The path as written in the patch, relative to the patch cwd or absolute. */
    String path();
  }

  /** {@code *** Add File:} with the new file's whole content. */
  record AddFile(String path, String content) implements FileOp {}

  /** {@code *** Delete File:}. */
  record DeleteFile(String path) implements FileOp {}

  /** {@code *** Update File:} with an optional {@code *** Move to:} and its chunks, in file order. */
  record UpdateFile(String path, @Nullable String moveTo, List<Chunk> chunks) implements FileOp {
    UpdateFile {
      chunks = List.copyOf(chunks);
    }
  }

  /**
   * One {@code @@} chunk: an optional anchor line to find first, its lines in patch order, and
   * whether it was marked {@code *** End of File}.
   */
  record Chunk(@Nullable String anchor, List<Line> lines, boolean endOfFile) {
    Chunk {
      lines = List.copyOf(lines);
    }

    /** The lines the chunk expects in the file: context and removed lines. */
    List<String> oldLines() {
      return lines.stream().filter(l -> l.kind() != Kind.ADD).map(Line::text).toList();
    }

    /** The lines the chunk leaves: context and added lines. */
    List<String> newLines() {
      return lines.stream().filter(l -> l.kind() != Kind.REMOVE).map(Line::text).toList();
    }

    /** This chunk without its last line. */
    Chunk withoutLastLine() {
      return new Chunk(anchor, lines.subList(0, lines.size() - 1), endOfFile);
    }
  }

  /** One chunk line without its {@code ' '}, {@code '-'} or {@code '+'} prefix. */
  record Line(Kind kind, String text) {}

  /** What a chunk line does. */
  enum Kind {
    CONTEXT,
    REMOVE,
    ADD
  }
}
