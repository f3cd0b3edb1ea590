package dev.rexd.mcp;

import dev.rexd.agent.AgentTool;
import dev.rexd.agent.AgentTools;
import dev.rexd.agent.ToolCall;
import dev.rexd.agent.ToolResult;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An MCP server whose tools are {@link AgentTools}, over stdio or Streamable HTTP: each tool is listed with its JSON Schema and
 * its annotations ({@code readOnlyHint}, {@code destructiveHint}, {@code idempotentHint},
 * {@code openWorldHint}) as the tool declares them; a call with a {@code progressToken} gets
 * {@code notifications/progress} while a command runs, and {@code notifications/cancelled} kills
 * the command's process group. Arguments are checked by the tools themselves, so a bad one comes
 * back as a tool error naming it.
 *
 * <pre>{@code
 * try (AgentTools tools = AgentTools.over(session)) {
 *   RexdMcpServer.Running mcp = RexdMcpServer.stdio(tools, System.in, System.out);
 *   mcp.closed().join();   // until the client goes away
 * }
 * }</pre>
 */
public final class RexdMcpServer {
  /** The name the server gives in {@code initialize}. */
  public static final String NAME = "rexd";

  /**
   * This module's JSON, Jackson 3 as the MCP SDK uses it. It never meets rexd's own mapper: with the
   * published rexd jars, whose Jackson is relocated, JSON crosses to the agent tools as text.
   */
  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String INSTRUCTIONS = """
      Tools to work on one host through rexd: run commands (bash, process_*) and read, write, edit, \
      patch and search files inside its allowed roots. Long output is cut to head and tail; read \
      the rest with process_output.""";

  private RexdMcpServer() {}

  /** A running stdio server: {@link #closed()} completes when the client's input ended. */
  public record Running(McpSyncServer server, CompletableFuture<Void> closed) implements AutoCloseable {
    @Override
    public void close() {
      server.closeGracefully();
    }
  }

  /** Serves {@code tools} to an MCP client on {@code in} / {@code out} (one message per line). */
  public static Running stdio(AgentTools tools, InputStream in, OutputStream out, String version) {
    ActiveCalls calls = new ActiveCalls();
    CancellationFilter filtered = new CancellationFilter(in, calls);
    McpSyncServer server = serve(McpServer.sync(new StdioServerTransportProvider(mapper(), filtered, out)), version,
        tools, McpCaller.EVERYTHING, calls).build();
    filtered.closed().whenComplete((v, e) -> calls.cancelAll());
    return new Running(server, filtered.closed());
  }

  /**
   * Serves the agent tools over MCP's Streamable HTTP: a servlet for {@code path}, to mount behind
   * the host's authentication, e.g. {@code RexdHttpServer.builder(server).mount("/mcp", servlet)},
   * which checks the token, the Origin and the Host before the servlet runs. {@code callers} says
   * who made a request (see {@link McpCaller}): each caller gets its own MCP server, offering the
   * tools it may use and running them as that caller. Destroying the servlet closes every
   * caller's tools. The servers are bounded by {@link McpHttpLimits#defaults()}.
   */
  public static HttpServlet streamableHttp(String path, String version, Function<HttpServletRequest, McpCaller> callers) {
    return streamableHttp(path, version, callers, McpHttpLimits.defaults());
  }

  /** {@link #streamableHttp(String, String, Function)} with other bounds on the servers it keeps. */
  public static HttpServlet streamableHttp(String path, String version, Function<HttpServletRequest, McpCaller> callers,
      McpHttpLimits limits) {
    return new McpHttpEndpoint(path, version, callers, limits);
  }

  static JacksonMcpJsonMapper mapper() {
    return new JacksonMcpJsonMapper(JSON);
  }

  /** {@code spec} serving the {@code offered} ones of {@code tools}, cancellable through {@code calls}. */
  static <S extends McpServer.SyncSpecification<S>> S serve(S spec, String version, AgentTools tools,
      Predicate<AgentTool> offered, ActiveCalls calls) {
    spec.serverInfo(NAME, version)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .validateToolInputs(false)
        .jsonMapper(mapper())
        .tools(tools.tools().stream().filter(offered).map(t -> SyncToolSpecification.builder()
            .tool(describe(t))
            .callHandler((exchange, request) -> call(tools, calls, exchange, request))
            .build()).toList());
    return spec;
  }

  static McpSchema.Tool describe(AgentTool tool) {
    return McpSchema.Tool.builder()
        .name(tool.name())
        .description(tool.description())
        .inputSchema(JSON.readValue(tool.inputSchemaJson(), MAP))
        .annotations(new McpSchema.ToolAnnotations(null, tool.hints().readOnly(), tool.hints().destructive(),
            tool.hints().idempotent(), tool.hints().openWorld(), null))
        .build();
  }

  private static McpSchema.CallToolResult call(AgentTools tools, ActiveCalls calls, McpSyncServerExchange exchange,
      McpSchema.CallToolRequest request) {
    Map<String, Object> meta = request.meta() == null ? Map.of() : request.meta();
    Object progressToken = meta.get("progressToken");
    ToolCall call = progressToken == null ? ToolCall.quiet() : ToolCall.reporting((done, message) ->
        exchange.progressNotification(new McpSchema.ProgressNotification(progressToken, done, null, message)));
    Object requestId = meta.get(ClientMessages.REQUEST_ID);
    @Nullable String id = requestId == null ? null : requestId.toString();
    if (id != null) {
      calls.register(id, call);
    }
    try {
      Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
      return toMcp(tools.call(request.name(), JSON.writeValueAsString(args), call));
    } finally {
      if (id != null) {
        calls.finished(id);
      }
    }
  }

  static McpSchema.CallToolResult toMcp(ToolResult result) {
    McpSchema.CallToolResult.Builder out = McpSchema.CallToolResult.builder().isError(result.isError());
    for (ToolResult.Content c : result.content()) {
      if (c instanceof ToolResult.Text t) {
        out.addContent(new McpSchema.TextContent(t.text()));
      } else if (c instanceof ToolResult.Image i) {
        out.addContent(new McpSchema.ImageContent(null, i.base64(), i.mimeType()));
      }
    }
    return out.build();
  }
}
