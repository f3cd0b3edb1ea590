package dev.rexd.api.fs;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.patch}: a {@code *** Begin Patch} envelope; paths relative to {@code cwd}.
 *
 * <pre>{@code
 * new FsPatchParams(sessionId, "*** Begin Patch\n*** Delete File: old.txt\n*** End Patch\n", null)
 * }</pre>
 */
public record FsPatchParams(String sessionId, String patchText, @Nullable String cwd) {
  public FsPatchParams {
    Require.present(sessionId, "session_id");
    Require.present(patchText, "patch_text");
  }
}
