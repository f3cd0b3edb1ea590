package dev.rexd.examples;

import dev.rexd.agent.AgentTool;
import dev.rexd.agent.AgentTools;
import dev.rexd.agent.ToolCall;
import dev.rexd.agent.ToolResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import dev.rexd.core.RexdServer;
import java.io.IOException;
import java.util.Map;

/**
 * The agent tools of {@code rexd-agent-tools} as a framework hands them to a model: each tool's
 * name, description and JSON Schema go to the model, and the model's calls (a name and JSON
 * arguments) come back to {@link AgentTools#call}. Where they run is the runtime's choice: a target
 * from {@code ~/.config/rexd/targets.json}, or any session.
 *
 * <pre>{@code
 * try (AgentTools tools = ToolsForAModel.forTarget(RexdTargets.load(), "prod")) {
 *   System.out.println(tools.call("bash", "{\"command\": \"uname -a\"}", ToolCall.quiet()).text());
 * }
 * }</pre>
 *
 * <p>{@code examples/run ToolsForAModel} shows the tools on an in-process server and a temporary
 * directory; {@code examples/run ToolsForAModel TARGET TOOL JSON} calls one tool on a target, e.g.
 * {@code examples/run ToolsForAModel prod bash '{"command": "uname -a"}'}.
 */
public final class ToolsForAModel {
  private ToolsForAModel() {}

  /** The tools on target {@code alias}: connected at the first call, and again after a lost connection. */
  public static AgentTools forTarget(RexdTargets targets, String alias) {
    return AgentTools.connecting(() -> targets.connect(alias), "agent", AgentTools.Settings.defaults());
  }

  /** What a framework adapter does with each tool: names it, describes it, gives its schema. */
  public static void describe(AgentTools tools) {
    for (AgentTool tool : tools.tools()) {
      System.out.printf("%s%s: %s%n    %s%n", tool.name(), tool.hints().readOnly() ? " (read-only)" : "",
          tool.description().lines().findFirst().orElse(""), tool.inputSchema());
    }
  }

  /** One call, as a model makes it: the tool's name and its arguments as JSON. */
  public static String call(AgentTools tools, String name, String argumentsJson) {
    ToolResult result = tools.call(name, argumentsJson, ToolCall.quiet());
    return (result.isError() ? "error: " : "") + result.text();
  }

  /** No arguments: the tools on an in-process server; else {@code TARGET TOOL JSON}. */
  public static void main(String[] args) throws IOException {
    if (args.length == 3) {
      try (AgentTools tools = forTarget(RexdTargets.load(), args[0])) {
        System.out.println(call(tools, args[1], args[2]));
      }
      return;
    }
    if (args.length != 0) {
      System.err.println("usage: ToolsForAModel [TARGET TOOL JSON]   (no arguments: a demo on a temporary directory)");
      System.exit(2);
    }
    try (TempDir dir = TempDir.create("rexd-tools-");
         RexdServer server = RexdServer.builder().allowedRoot(dir.path()).build();
         RexdClient client = RexdClient.inProcess(server::connect);
         RexdSession session = client.openSession("tools-demo");
         AgentTools tools = AgentTools.over(session, AgentTools.Settings.defaults().withOutputBudgetBytes(400))) {
      describe(tools);
      for (Map.Entry<String, String> step : DEMO.entrySet()) {
        String name = step.getKey().replaceAll("#.*", "");
        System.out.println("\n> " + name + " " + step.getValue());
        System.out.println(call(tools, name, step.getValue()).stripTrailing());
      }
    }
  }

  private static final Map<String, String> DEMO = demo();

  private static Map<String, String> demo() {
    Map<String, String> steps = new java.util.LinkedHashMap<>();
    steps.put("write", "{\"path\": \"src/greeting.txt\", \"content\": \"Hello, world!\\n\"}");
    steps.put("edit", "{\"path\": \"src/greeting.txt\", \"old_string\": \"world\", \"new_string\": \"agent\"}");
    steps.put("read", "{\"path\": \"src/greeting.txt\"}");
    steps.put("grep", "{\"pattern\": \"agent\"}");
    steps.put("bash", "{\"command\": \"printf '\\\\033[1mbuild\\\\033[0m: 50%%\\\\rbuild: done\\\\033[K\\\\n'; seq 1 1000\"}");
    steps.put("bash#2", "{\"command\": \"cat src/missing.txt\"}");
    steps.put("read#2", "{\"path\": \"/etc/passwd\"}");
    return steps;
  }
}
