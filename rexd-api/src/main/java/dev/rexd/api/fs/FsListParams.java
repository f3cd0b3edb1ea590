package dev.rexd.api.fs;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.list}; {@code path} defaults to the session cwd.
 *
 * <pre>{@code
 * new FsListParams(sessionId, "src", true, 1000)
 * }</pre>
 */
public record FsListParams(
    String sessionId, @Nullable String path, @Nullable Boolean recursive, @Nullable Integer maxEntries) {
  public FsListParams {
    Require.present(sessionId, "session_id");
    Require.nonNegative(maxEntries, "max_entries");
  }
}
