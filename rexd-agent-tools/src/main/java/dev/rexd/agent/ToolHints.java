package dev.rexd.agent;

/**
 * What a tool does to the world, as MCP's tool annotations say it: {@code readOnly} tools change
 * nothing; {@code destructive} ones may change or remove what exists; {@code idempotent} ones do
 * nothing more when called again with the same arguments; {@code openWorld} ones reach beyond the
 * files (running programs can do anything).
 *
 * <pre>{@code
 * if (tool.hints().readOnly()) { ... safe to run without asking ... }
 * }</pre>
 */
public record ToolHints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
  static final ToolHints READ = new ToolHints(true, false, true, false);
  static final ToolHints OBSERVE_PROCESS = new ToolHints(true, false, false, false);
  static final ToolHints RUN = new ToolHints(false, true, false, true);
  static final ToolHints OVERWRITE = new ToolHints(false, true, true, false);
  static final ToolHints MODIFY = new ToolHints(false, true, false, false);
}
