package dev.rexd.agent;

/**
 * Arguments that do not fit a tool's schema; the message names the argument and what was wrong.
 *
 * <pre>{@code
 * throw new ToolArgumentException("argument 'timeout' must be an integer, got \"soon\"");
 * }</pre>
 */
public final class ToolArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ToolArgumentException(String message) {
    super(message);
  }
}
