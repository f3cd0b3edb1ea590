package dev.rexd.client;

import dev.rexd.api.ErrorCode;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A targets file is missing or wrong, or names no such target; the message says which file, which
 * field and what was expected.
 *
 * <pre>{@code
 * try {
 *   RexdTargets.load().connect("prod");
 * } catch (RexdTargetsException e) {
 *   System.err.println(e.getMessage()); // e.g. "~/.config/rexd/targets.json: targets.prod.port must be ..."
 * }
 * }</pre>
 */
public final class RexdTargetsException extends RexdClientException {
  private static final long serialVersionUID = 1L;

  private final transient @Nullable Path file;

  /** A problem with {@code file} (null for text not read from a file). */
  public RexdTargetsException(@Nullable Path file, String message, @Nullable Throwable cause) {
    super(ErrorCode.INVALID_PARAMS, "bad_targets", message, cause);
    this.file = file;
  }

  /** The targets file at fault, if the problem came from one. */
  public @Nullable Path file() {
    return file;
  }
}
