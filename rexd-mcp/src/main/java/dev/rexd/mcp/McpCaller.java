package dev.rexd.mcp;

import dev.rexd.agent.AgentTool;
import dev.rexd.agent.AgentTools;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Who calls the Streamable HTTP endpoint, as the host's authentication established it: an
 * {@code id} naming the principal (callers with the same id share one MCP server, its tools and
 * their processes; callers with different ids never see each other's), the tools it is offered,
 * and how to make the {@link AgentTools} that act as it (asked once per id; the endpoint closes
 * them when it is destroyed).
 *
 * <pre>{@code
 * McpCaller caller = new McpCaller("agent:ci", tool -> true,
 *     () -> AgentTools.connecting(() -> RexdClient.inProcess(t -> server.connect(t, principal)), "mcp", settings));
 * McpCaller viewer = new McpCaller("viewer:ann", McpCaller.NOTHING, () -> ...);
 * }</pre>
 *
 * @param id the principal's identity (name and role); the key of its MCP server
 * @param offered which tools the caller is offered; the others are neither listed nor callable
 * @param tools makes the tools that run as the caller
 */
public record McpCaller(String id, Predicate<AgentTool> offered, Supplier<AgentTools> tools) {
  /** Offers every tool. */
  public static final Predicate<AgentTool> EVERYTHING = tool -> true;

  /** Offers no tool. */
  public static final Predicate<AgentTool> NOTHING = tool -> false;
}
