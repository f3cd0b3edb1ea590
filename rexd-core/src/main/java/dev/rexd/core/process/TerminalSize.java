package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import org.jspecify.annotations.Nullable;

/**
 * The size of a pseudo-terminal in character cells.
 *
 * <pre>{@code
 * TerminalSize size = new TerminalSize(120, 32);
 * TerminalSize asked = TerminalSize.requested(params.cols(), params.rows());   // 120x32 when absent
 * }</pre>
 */
public record TerminalSize(int cols, int rows) {
  /** Columns when a caller names none. */
  public static final int DEFAULT_COLS = 120;
  /** Rows when a caller names none. */
  public static final int DEFAULT_ROWS = 32;
  private static final int MAX_SIZE = 0xffff;

  public TerminalSize {
    if (cols < 1 || rows < 1) {
      throw new IllegalArgumentException("a terminal needs at least one column and one row, got " + cols + "x" + rows);
    }
  }

  /**
   * The size a caller asked for: absent or 0 takes the default; anything else outside 1..65535 is
   * {@code -32602 invalid_argument} naming the field.
   */
  public static TerminalSize requested(@Nullable Integer cols, @Nullable Integer rows) {
    return new TerminalSize(cols == null || cols == 0 ? DEFAULT_COLS : checked(cols, "cols"),
        rows == null || rows == 0 ? DEFAULT_ROWS : checked(rows, "rows"));
  }

  /** A size given in full (a resize): each value within 1..65535, else {@code -32602} naming the field. */
  public static TerminalSize checked(int cols, int rows) {
    return new TerminalSize(checked(cols, "cols"), checked(rows, "rows"));
  }

  private static int checked(int v, String field) {
    if (v < 1 || v > MAX_SIZE) {
      throw RexdException.invalidParams(Reasons.INVALID_ARGUMENT,
          field + " must be between 1 and " + MAX_SIZE + ", got " + v).with("field", field);
    }
    return v;
  }
}
