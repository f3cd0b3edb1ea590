package dev.rexd.core.process;

/**
 * The size of a pseudo-terminal in character cells.
 *
 * <pre>{@code
 * TerminalSize size = new TerminalSize(120, 32);
 * }</pre>
 */
public record TerminalSize(int cols, int rows) {
  public TerminalSize {
    if (cols < 1 || rows < 1) {
      throw new IllegalArgumentException("a terminal needs at least one column and one row, got " + cols + "x" + rows);
    }
  }
}
