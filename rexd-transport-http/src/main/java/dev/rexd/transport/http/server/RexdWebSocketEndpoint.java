package dev.rexd.transport.http.server;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The Jakarta WebSocket endpoint behind {@code /ws}: each socket becomes a connection of the
 * {@link RexdServer} whose sessions outlive it (a later socket that names a session reattaches
 * and receives its events). One JSON-RPC message per text frame, both ways.
 *
 * <p>It has no public constructor on purpose: a container cannot deploy it on its own, without
 * the token and origin checks. {@link RexdWebSocketServlet} checks each upgrade and then hands
 * the socket to a new instance.
 *
 * <pre>{@code
 * servletContext.addServlet("rexd-ws", new RexdWebSocketServlet(server, security)).addMapping("/ws");
 * }</pre>
 */
public final class RexdWebSocketEndpoint extends Endpoint {
  private static final System.Logger LOG = System.getLogger(RexdWebSocketEndpoint.class.getName());

  /** The endpoint config property that carries the caller's principal from the upgrade check. */
  static final String PRINCIPAL_PROPERTY = "dev.rexd.principal";

  private final RexdServer server;
  private final WebSocketSettings settings;
  private final SocketThreads threads;
  private volatile @Nullable WebSocketServerTransport transport;

  RexdWebSocketEndpoint(RexdServer server, WebSocketSettings settings, SocketThreads threads) {
    this.server = server;
    this.settings = settings;
    this.threads = threads;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    // the container's own idle timeout is only a backstop: live clients answer our pings
    session.setMaxIdleTimeout(settings.silenceLimit().toMillis());
    WebSocketServerTransport t =
        new WebSocketServerTransport(session, server.limits().maxMessageBytes(), settings, threads.io());
    transport = t;
    try {
      server.connectReattachable(t, principal(config));
    } catch (IllegalStateException closed) {
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server is shutting down"));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "close failed: " + e);
      }
      return;
    }
    session.addMessageHandler(String.class, (MessageHandler.Partial<String>) t::onPart);
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> t.heard());
    t.keepAlive(threads.keepAlive());
  }

  /** The principal the servlet admitted; a socket that bypassed the servlet gets none and is refused. */
  private static Principal principal(EndpointConfig config) {
    Object p = config.getUserProperties().get(PRINCIPAL_PROPERTY);
    if (p instanceof Principal principal) {
      return principal;
    }
    throw new IllegalStateException("a socket without a checked principal");
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    WebSocketServerTransport t = transport;
    if (t != null) {
      t.ended(null);
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    WebSocketServerTransport t = transport;
    if (t != null) {
      t.ended(error);
    }
  }
}
