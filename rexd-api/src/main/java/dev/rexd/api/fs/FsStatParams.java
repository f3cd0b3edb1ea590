package dev.rexd.api.fs;

import dev.rexd.api.Require;

/**
 * Params of {@code fs.stat}.
 *
 * {@code
 * new FsStatParams(sessionId, "build.gradle")
 * }
 */
public record FsStatParams(String sessionId, String path) {
  public FsStatParams {
    Require.present(sessionId, "session_id");
    Require.present(path, "path");
  }
}
