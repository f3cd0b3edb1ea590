package dev.rexd.api.fs;

import dev.rexd.api.Require;

/**
 * Params of {@code fs.stat}.
 *
 * <pre>{@code
 * new FsStatParams(sessionId, "build.gradle")
 * }</pre>
 */
public record FsStatParams(String sessionId, String path) {
  public FsStatParams {
    Require.present(sessionId, "session_id");
    Require.present(path, "path");
  }
}
