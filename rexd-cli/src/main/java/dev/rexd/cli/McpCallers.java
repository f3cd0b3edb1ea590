package dev.rexd.cli;

import dev.rexd.agent.AgentTools;
import dev.rexd.client.RexdClient;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.mcp.McpCaller;
import dev.rexd.transport.http.server.HttpCaller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;

/**
 * Who calls {@code /mcp}, from the principal the HTTP server's checks established: the tools act
 * as that principal on an in-process connection of its own (its role decides every call, it owns
 * the sessions and processes the tools start, and no other principal sees them), and a role that
 * may not open sessions ({@code viewer}) is offered no tools, since every tool works in a session
 * of its own.
 *
 * <pre>{@code
 * builder.mount("/mcp", RexdMcpServer.streamableHttp("/mcp", RexdServer.VERSION, new McpCallers(server)));
 * }</pre>
 */
final class McpCallers implements Function<HttpServletRequest, McpCaller> {
  private final RexdServer server;

  McpCallers(RexdServer server) {
    this.server = server;
  }

  @Override
  public McpCaller apply(HttpServletRequest request) {
    HttpCaller caller = HttpCaller.of(request);
    if (caller == null) {
      throw new IllegalStateException("/mcp is served only behind the HTTP server's checks");
    }
    Principal principal = caller.asPrincipal();
    return new McpCaller(caller.role().wireName() + ":" + caller.principal(),
        caller.role().includes(Role.AGENT) ? McpCaller.EVERYTHING : McpCaller.NOTHING,
        () -> AgentTools.connecting(() -> RexdClient.inProcess(t -> server.connect(t, principal)),
            "rexd-mcp-http", AgentTools.Settings.defaults()));
  }
}
