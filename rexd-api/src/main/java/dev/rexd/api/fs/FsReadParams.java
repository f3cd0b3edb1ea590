package dev.rexd.api.fs;

import dev.rexd.api.Encoding;
import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.read}.
 *
 * <pre>{@code
 * new FsReadParams(sessionId, "src/Main.java", null, null, null)
 * }</pre>
 */
public record FsReadParams(
    String sessionId, String path, @Nullable Long offset, @Nullable Long length, @Nullable Encoding encoding) {
  public FsReadParams {
    Require.present(sessionId, "session_id");
    Require.present(path, "path");
    Require.nonNegative(offset, "offset");
    Require.nonNegative(length, "length");
  }
}
