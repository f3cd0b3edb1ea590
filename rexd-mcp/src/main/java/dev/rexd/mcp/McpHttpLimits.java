package dev.rexd.mcp;

import java.time.Duration;

/**
 * Bounds on the MCP servers the Streamable HTTP endpoint keeps, one per principal: a principal's
 * server (its MCP sessions, its tools, the processes they left running) is closed once it has had
 * no request for {@code idleTimeout}, and when a new principal arrives while {@code maxCallers}
 * are kept, the one idle the longest is closed first. A request in progress keeps its server.
 * A client whose server was closed is answered {@code 404} for its old MCP session and starts a
 * new one, as MCP's Streamable HTTP says.
 *
 * <pre>{@code
 * RexdMcpServer.streamableHttp("/mcp", version, callers, new McpHttpLimits(Duration.ofMinutes(10), 64));
 * }</pre>
 *
 * @param idleTimeout how long a principal's server stays without a request (default 30 minutes)
 * @param maxCallers how many principals' servers are kept at once (default 256)
 */
public record McpHttpLimits(Duration idleTimeout, int maxCallers) {
  public McpHttpLimits {
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive");
    }
    if (maxCallers < 1) {
      throw new IllegalArgumentException("maxCallers must be at least 1");
    }
  }

  /** 30 minutes idle, 256 principals. */
  public static McpHttpLimits defaults() {
    return new McpHttpLimits(Duration.ofMinutes(30), 256);
  }
}
