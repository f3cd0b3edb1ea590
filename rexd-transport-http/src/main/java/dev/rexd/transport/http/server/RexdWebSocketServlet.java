package dev.rexd.transport.http.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.core.RexdServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /ws}: checks token, origin and host ({@link HttpSecurity}; {@code 401}/{@code 403}
 * before any upgrade), then upgrades through the context's Jakarta WebSocket container
 * ({@code ServerContainer.upgradeHttpToWebSocket}, Jakarta WebSocket 2.1+) to a
 * {@link RexdWebSocketEndpoint}. A plain {@code GET} is {@code 426}; other methods {@code 405}.
 *
 * <pre>{@code
 * // in a host's ServletContextListener, with a Jakarta WebSocket container in the context:
 * ctx.addServlet("rexd-ws", new RexdWebSocketServlet(server, security)).addMapping("/ws");
 * }</pre>
 */
public final class RexdWebSocketServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(RexdWebSocketServlet.class.getName());

  private final transient RexdServer server;
  private final transient HttpSecurity security;
  private final transient WebSocketSettings settings;
  private transient @Nullable SocketThreads threads;
  private transient @Nullable RexdEndpointConfigurator configurator;

  public RexdWebSocketServlet(RexdServer server, HttpSecurity security) {
    this(server, security, WebSocketSettings.defaults());
  }

  public RexdWebSocketServlet(RexdServer server, HttpSecurity security, WebSocketSettings settings) {
    this.server = server;
    this.security = security;
    this.settings = settings;
  }

  @Override
  public void init() {
    SocketThreads t = SocketThreads.start();
    threads = t;
    configurator = new RexdEndpointConfigurator(server, security, settings, t);
  }

  @Override
  public void destroy() {
    SocketThreads t = threads;
    if (t != null) {
      t.shutdown();
    }
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    HttpCaller caller = RexdSecurityFilter.admit(security, req, resp);
    if (caller == null) {
      return;
    }
    if (!"GET".equals(req.getMethod())) {
      JsonResponses.methodNotAllowed(req, resp, "GET");
      return;
    }
    if (!RexdSecurityFilter.isWebSocketUpgrade(req)) {
      resp.setHeader("Upgrade", "websocket");
      JsonResponses.error(resp, 426, ErrorCode.INVALID_REQUEST, "upgrade_required",
          "this path speaks WebSocket only; POST to the rpc path for one-shot calls");
      return;
    }
    Object container = getServletContext().getAttribute(ServerContainer.class.getName());
    RexdEndpointConfigurator c = configurator;
    if (!(container instanceof ServerContainer) || c == null) {
      LOG.log(System.Logger.Level.ERROR, "no Jakarta WebSocket container in this servlet context");
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "WebSocket is not available");
      return;
    }
    String path = req.getServletPath().isEmpty() ? "/" : req.getServletPath();
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(RexdWebSocketEndpoint.class, path)
        .configurator(c)
        .build();
    config.getUserProperties().put(RexdWebSocketEndpoint.PRINCIPAL_PROPERTY, caller.asPrincipal());
    try {
      ((ServerContainer) container).upgradeHttpToWebSocket(req, resp, config, Map.of());
    } catch (DeploymentException e) {
      LOG.log(System.Logger.Level.ERROR, "WebSocket upgrade failed", e);
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "WebSocket upgrade failed");
    }
  }
}
