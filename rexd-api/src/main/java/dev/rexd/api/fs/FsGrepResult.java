package dev.rexd.api.fs;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Result of {@code fs.grep}: matches sorted by path, then line; {@code truncated} when the search
 * stopped early, with {@code reason} {@code max_matches} or {@code time_budget}.
 *
 * <pre>{@code
 * if (result.truncated()) System.out.println("stopped: " + result.reason());
 * }</pre>
 */
public record FsGrepResult(List<FsGrepMatch> matches, int filesSearched, boolean truncated, @Nullable String reason) {
  /** {@code reason} when {@code max_matches} matches were found and more may exist. */
  public static final String MAX_MATCHES = "max_matches";
  /** {@code reason} when the search ran out of time. */
  public static final String TIME_BUDGET = "time_budget";

  public FsGrepResult {
    matches = List.copyOf(matches);
  }
}
