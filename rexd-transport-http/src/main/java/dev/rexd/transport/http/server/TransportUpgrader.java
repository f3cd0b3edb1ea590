package dev.rexd.transport.http.server;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.transport.Transport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns an HTTP request that a servlet already checked into a WebSocket seen as a server-side
 * {@link Transport} (one JSON text per frame, sends that complete once written, a send timeout and
 * keep-alive pings from {@link WebSocketSettings}): what {@code /ws} is made of, and what any other
 * socket that speaks JSON-RPC frames (a relay) can be made of too. A plain {@code GET} is answered
 * {@code 426}; a context without a Jakarta WebSocket container {@code 500}.
 *
 * <pre>{@code
 * TransportUpgrader upgrader = new TransportUpgrader(WebSocketSettings.defaults(), offered -> null);
 * // in a servlet's service(), after checking the caller:
 * upgrader.upgrade(req, resp, 16 << 20, transport -> server.connectReattachable(transport, principal));
 * }</pre>
 */
public final class TransportUpgrader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TransportUpgrader.class.getName());

  private final SocketThreads threads;
  private final RexdEndpointConfigurator configurator;

  /** Receives each socket as a transport once it is open; throws {@link IllegalStateException} to refuse it. */
  @FunctionalInterface
  public interface SocketAcceptor {
    void accept(Transport transport);
  }

  /**
   * @param subprotocol which offered subprotocol to echo (the one that carried the credential), or
   *     null for none
   */
  public TransportUpgrader(WebSocketSettings settings, Function<List<String>, @Nullable String> subprotocol) {
    this.threads = SocketThreads.start();
    this.configurator = new RexdEndpointConfigurator(subprotocol, settings, threads);
  }

  /** Whether the request asks to become a WebSocket. */
  public static boolean isUpgrade(HttpServletRequest req) {
    return RexdSecurityFilter.isWebSocketUpgrade(req);
  }

  /**
   * Upgrades {@code req} and hands the socket to {@code acceptor}, or answers why it cannot.
   *
   * @param maxMessageBytes inbound messages longer than this are skipped and reported to the
   *     transport's listener as oversized
   */
  public void upgrade(HttpServletRequest req, HttpServletResponse resp, int maxMessageBytes, SocketAcceptor acceptor)
      throws IOException {
    if (!isUpgrade(req)) {
      resp.setHeader("Upgrade", "websocket");
      JsonResponses.error(resp, 426, ErrorCode.INVALID_REQUEST, "upgrade_required",
          "this path speaks WebSocket only");
      return;
    }
    Object container = req.getServletContext().getAttribute(ServerContainer.class.getName());
    if (!(container instanceof ServerContainer serverContainer)) {
      LOG.log(System.Logger.Level.ERROR, "no Jakarta WebSocket container in this servlet context");
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "WebSocket is not available");
      return;
    }
    String path = req.getServletPath().isEmpty() ? "/" : req.getServletPath();
    ServerEndpointConfig config = ServerEndpointConfig.Builder.create(RexdWebSocketEndpoint.class, path)
        .configurator(configurator)
        .build();
    config.getUserProperties().put(RexdWebSocketEndpoint.ACCEPTOR_PROPERTY,
        new RexdWebSocketEndpoint.Acceptance(maxMessageBytes, acceptor));
    try {
      serverContainer.upgradeHttpToWebSocket(req, resp, config, Map.of());
    } catch (DeploymentException e) {
      LOG.log(System.Logger.Level.ERROR, "WebSocket upgrade failed", e);
      JsonResponses.error(resp, 500, ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL, "WebSocket upgrade failed");
    }
  }

  /** Answers a request the servlet refuses with {@code refusal}'s status and a JSON-RPC error body. */
  public static void refuse(HttpServletRequest req, HttpServletResponse resp, HttpSecurity.Refusal refusal)
      throws IOException {
    JsonResponses.refuse(req, resp, refusal);
  }

  /**
   * Closes a socket this class made with {@code 1001 going away} and {@code why}, so that a client
   * which reconnects after a drop (and not after an orderly close) does; any other transport is
   * just closed.
   */
  public static void goAway(Transport transport, String why) {
    if (transport instanceof WebSocketServerTransport ws) {
      ws.close(jakarta.websocket.CloseReason.CloseCodes.GOING_AWAY, why, new IOException(why));
    } else {
      transport.close();
    }
  }

  /** Stops the keep-alive and I/O threads of the sockets. */
  @Override
  public void close() {
    threads.shutdown();
  }
}
