package dev.rexd.mcp;

import dev.rexd.agent.AgentTools;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * MCP's Streamable HTTP, one MCP server per caller: each request is handed to the server of the
 * {@link McpCaller} it comes from (created at its first request), whose tools are the ones the
 * caller is offered and run as the caller. A session made by one caller is unknown to every
 * other. A POSTed {@code notifications/cancelled} cancels the named call of that MCP session (its
 * command's process group is killed) and is answered {@code 202} here; a POSTed {@code tools/call}
 * goes on stamped with its id (see {@link ClientMessages}). The servers kept are bounded by
 * {@link McpHttpLimits}: idle principals' servers are closed, and so is the least recently used one
 * when a new principal would exceed the cap.
 *
 * <pre>{@code
 * HttpServlet mcp = RexdMcpServer.streamableHttp("/mcp", version, request -> callerOf(request));
 * }</pre>
 */
final class McpHttpEndpoint extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(McpHttpEndpoint.class.getName());
  /** As much as the SDK's transport takes in one POST. */
  private static final int MAX_BODY_BYTES = 16 << 20;
  private static final String SESSION_HEADER = "Mcp-Session-Id";

  /** One caller's MCP server. */
  private record CallerServer(HttpServletStreamableServerTransportProvider transport, McpSyncServer server,
      ActiveCalls calls, AgentTools tools) {}

  private final transient Function<HttpServletRequest, McpCaller> callers;
  private final transient Function<McpCaller, CallerServer> create;
  private final transient CallerServers<CallerServer> servers;
  private final transient McpHttpLimits limits;
  private transient @Nullable ServletConfig config;
  private transient @Nullable ScheduledExecutorService sweeper;

  McpHttpEndpoint(String path, String version, Function<HttpServletRequest, McpCaller> callers, McpHttpLimits limits) {
    this.callers = callers;
    this.limits = limits;
    this.servers = new CallerServers<>(limits, System::nanoTime, McpHttpEndpoint::close, s -> s.calls().any());
    this.create = caller -> {
      AgentTools tools = caller.tools().get();
      ActiveCalls calls = new ActiveCalls();
      HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
          .jsonMapper(RexdMcpServer.mapper())
          .mcpEndpoint(path)
          .maxRequestSize(MAX_BODY_BYTES)
          .build();
      McpSyncServer server = RexdMcpServer.serve(io.modelcontextprotocol.server.McpServer.sync(transport), version,
          tools, caller.offered(), calls).build();
      ServletConfig c = config;
      if (c != null) {
        try {
          transport.init(c);
        } catch (ServletException e) {
          throw new IllegalStateException("the MCP transport did not start", e);
        }
      }
      return new CallerServer(transport, server, calls, tools);
    };
  }

  @Override
  public void init(ServletConfig servletConfig) throws ServletException {
    super.init(servletConfig);
    this.config = servletConfig;
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rexd-mcp-idle-sweeper");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, Math.min(limits.idleTimeout().toMillis() / 4, TimeUnit.MINUTES.toMillis(1)));
    s.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    this.sweeper = s;
  }

  private void sweep() {
    int closed = servers.sweep();
    if (closed > 0) {
      LOG.log(System.Logger.Level.DEBUG, "closed the MCP servers of " + closed + " idle principal(s)");
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
    McpCaller caller = callers.apply(req);
    CallerServer s = servers.acquire(caller.id(), id -> create.apply(caller));
    if (s == null) {
      resp.setHeader("Retry-After", "5");
      resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "MCP is serving " + limits.maxCallers()
          + " principals with requests in progress; try again later");
      return;
    }
    try {
      serve(s, req, resp);
    } finally {
      servers.release(caller.id());
    }
  }

  private void serve(CallerServer s, HttpServletRequest req, HttpServletResponse resp)
      throws ServletException, IOException {
    if (!"POST".equals(req.getMethod())) {
      s.transport().service(req, resp);
      return;
    }
    byte[] body = readBody(req);
    if (body == null) {
      resp.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "an MCP message is limited to "
          + MAX_BODY_BYTES + " bytes");
      return;
    }
    String session = req.getHeader(SESSION_HEADER);
    byte[] passed = ClientMessages.route(body, session == null ? "" : session, s.calls()::cancel);
    if (passed == null) {
      resp.setStatus(HttpServletResponse.SC_ACCEPTED);
      return;
    }
    s.transport().service(new WithBody(req, passed), resp);
  }

  /** The request's body, or null when it is longer than {@link #MAX_BODY_BYTES}. */
  private static byte @Nullable [] readBody(HttpServletRequest req) throws IOException {
    if (req.getContentLengthLong() > MAX_BODY_BYTES) {
      return null;
    }
    try (InputStream in = req.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      return body.length > MAX_BODY_BYTES ? null : body;
    }
  }

  /** Closes every caller's MCP server and its tools (their processes are killed). */
  @Override
  public void destroy() {
    ScheduledExecutorService s = sweeper;
    if (s != null) {
      s.shutdownNow();
    }
    servers.clear();
    super.destroy();
  }

  /** Closes one caller's MCP server: its calls are cancelled, its sessions end, its tools' processes are killed. */
  private static void close(CallerServer s) {
    try {
      s.calls().cancelAll();
      s.server().closeGracefully();
      s.transport().destroy();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "closing an MCP server", e);
    } finally {
      s.tools().close();
    }
  }

  /** The request with its body replaced by the routed message. */
  private static final class WithBody extends HttpServletRequestWrapper {
    private final byte[] body;

    WithBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body is already read");
        }

        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
