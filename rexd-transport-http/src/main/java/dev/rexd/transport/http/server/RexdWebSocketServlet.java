package dev.rexd.transport.http.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.core.RexdServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.rexd.core.auth.Principal;
import java.io.IOException;
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

  private final transient RexdServer server;
  private final transient HttpSecurity security;
  private final transient WebSocketSettings settings;
  private transient @Nullable TransportUpgrader upgrader;

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
    upgrader = new TransportUpgrader(settings, security::acceptedSubprotocol);
  }

  @Override
  public void destroy() {
    TransportUpgrader u = upgrader;
    if (u != null) {
      u.close();
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
    TransportUpgrader u = upgrader;
    if (u == null) {
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "WebSocket is not available");
      return;
    }
    Principal principal = caller.asPrincipal();
    u.upgrade(req, resp, server.limits().maxMessageBytes(), t -> server.connectReattachable(t, principal));
  }
}
