package dev.rexd.api.fs;

import dev.rexd.api.Encoding;
import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.write}; {@code atomic} defaults to true and {@code mode} to replace.
 *
 * <pre>{@code
 * FsWriteParams p = FsWriteParams.replace(sessionId, "notes.txt", "hello\n");
 * }</pre>
 */
public record FsWriteParams(
    String sessionId,
    String path,
    String content,
    @Nullable Encoding encoding,
    @Nullable WriteMode mode,
    @Nullable Boolean mkdirParents,
    @Nullable Boolean atomic,
    @Nullable Long expectedMtime) {
  public FsWriteParams {
    Require.present(sessionId, "session_id");
    Require.present(path, "path");
    Require.present(content, "content");
  }

  /** A UTF-8 atomic replace with every other option at its default. */
  public static FsWriteParams replace(String sessionId, String path, String content) {
    return new FsWriteParams(sessionId, path, content, null, null, null, null, null);
  }
}
