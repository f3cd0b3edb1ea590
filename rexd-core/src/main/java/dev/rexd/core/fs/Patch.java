package dev.rexd.core.fs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code *** Begin Patch} envelope: the file operations in the order written.
 *
 * {@code
 * Patch p = PatchParser.parse(text);
 * for (Patch.FileOp op : p.ops()) { ... }
 * }
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
   * One {@code @@} chunk: an optional anchor line to find first, the lines it expects
   * ({@code ' '} and {@code '-'}), the lines that replace them ({@code ' '} and {@code '+'}), and
   * whether it was marked {@code *** End of File}.
   */
  record Chunk(@Nullable String anchor, List<String> oldLines, List<String> newLines, boolean endOfFile) {
    Chunk {
      oldLines = List.copyOf(oldLines);
      newLines = List.copyOf(newLines);
    }
  }
}
