package dev.rexd.api.fs;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code fs.glob}: {@code *}, {@code ?} and {@code [...]} within a name, {@code **} across
 * directories.
 *
 * <pre>{@code
 * new FsGlobParams(sessionId, "src/**&#47;*.java", null, null)
 * }</pre>
 */
public record FsGlobParams(
    String sessionId, String pattern, @Nullable String cwd, @Nullable Integer maxMatches) {
  public FsGlobParams {
    Require.present(sessionId, "session_id");
    Require.present(pattern, "pattern");
    Require.nonNegative(maxMatches, "max_matches");
  }
}
