package dev.rexd.api.fs;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.edit}: replace {@code old_string} (once, or every time with
 * {@code replace_all}); an empty {@code old_string} writes {@code new_string} as the whole file.
 *
 * <pre>{@code
 * new FsEditParams(sessionId, "README.md", "Hello", "REXD", null, null)
 * }</pre>
 */
public record FsEditParams(
    String sessionId,
    String path,
    String oldString,
    String newString,
    @Nullable Boolean replaceAll,
    @Nullable Long expectedMtime) {
  public FsEditParams {
    Require.present(sessionId, "session_id");
    Require.present(path, "path");
    Require.present(oldString, "old_string");
    Require.present(newString, "new_string");
  }
}
