package dev.rexd.agent;

import tools.jackson.databind.node.ObjectNode;

/**
 * One tool: its name, what it does (for the model), the JSON Schema of its arguments and its
 * {@link ToolHints}. Run it through {@link AgentTools#call}.
 *
 * <pre>{@code
 * for (AgentTool t : tools.tools()) {
 *   register(t.name(), t.description(), t.inputSchemaJson(), t.hints().readOnly());
 * }
 * }</pre>
 */
public final class AgentTool {
  /** Runs the tool on checked arguments. */
  @FunctionalInterface
  interface Handler {
    ToolResult run(ToolArgs args, ToolCall call);
  }

  private final String name;
  private final String description;
  private final ToolParams params;
  private final ToolHints hints;
  private final Handler handler;

  AgentTool(String name, String description, ToolParams params, ToolHints hints, Handler handler) {
    this.name = name;
    this.description = description;
    this.params = params;
    this.hints = hints;
    this.handler = handler;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The JSON Schema of the arguments object (a fresh copy). */
  public ObjectNode inputSchema() {
    return params.schema();
  }

  /**
   * The JSON Schema of the arguments object as JSON text, for code that reads it with a JSON
   * library of its own (the published jar's {@link #inputSchema()} is rexd's relocated Jackson).
   */
  public String inputSchemaJson() {
    return params.schema().toString();
  }

  public ToolHints hints() {
    return hints;
  }

  ToolParams params() {
    return params;
  }

  Handler handler() {
    return handler;
  }

  @Override
  public String toString() {
    return "AgentTool[" + name + "]";
  }
}
