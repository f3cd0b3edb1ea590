package dev.rexd.api;

import org.jspecify.annotations.Nullable;

/**
 * Checks used by the compact constructors of protocol records, so a record is valid once built.
 *
 * <p>A failed check throws {@link RexdException} {@code -32602 missing_field}, which is what a peer
 * receives when a required field is absent from its params.
 *
 * <pre>{@code
 * record FsStatParams(String sessionId, String path) {
 *   FsStatParams { Require.present(sessionId, "session_id"); Require.present(path, "path"); }
 * }
 * }</pre>
 */
public final class Require {
  private Require() {}

  /** Throws {@code -32602 missing_field} naming {@code wireName} when {@code value} is null. */
  public static <T> T present(@Nullable T value, String wireName) {
    if (value == null) {
      throw RexdException.invalidParams(Reasons.MISSING_FIELD, "missing required field: " + wireName)
          .with("field", wireName);
    }
    return value;
  }

  /** Throws {@code -32602 invalid_argument} when {@code value} is negative. */
  public static void nonNegative(@Nullable Number value, String wireName) {
    if (value != null && value.longValue() < 0) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT, wireName + " must not be negative")
          .with("field", wireName);
    }
  }
}
