package dev.rexd.transport.http.server;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The Jakarta WebSocket endpoint behind {@code /ws} and every other socket a
 * {@link TransportUpgrader} makes: each socket becomes a {@link WebSocketServerTransport} handed to
 * the acceptor the upgrade named (for {@code /ws}, a reattachable connection of the server). One
 * JSON-RPC message per text frame, both ways.
 *
 * <p>It has no public constructor on purpose: a container cannot deploy it on its own, without
 * the token and origin checks. A servlet checks each upgrade and then hands the socket to a new
 * instance through {@link TransportUpgrader}.
 *
 * <pre>{@code
 * servletContext.addServlet("rexd-ws", new RexdWebSocketServlet(server, security)).addMapping("/ws");
 * // or, for another kind of socket, from a servlet's service():
 * upgrader.upgrade(req, resp, maxMessageBytes, transport -> relay.attach(transport));
 * }</pre>
 */
public final class RexdWebSocketEndpoint extends Endpoint {
  private static final System.Logger LOG = System.getLogger(RexdWebSocketEndpoint.class.getName());

  /** The endpoint config property that carries the {@link Acceptance} from the upgrade check. */
  static final String ACCEPTOR_PROPERTY = "dev.rexd.acceptor";

  /** What the checked upgrade decided: the inbound message limit and who receives the socket. */
  record Acceptance(int maxMessageBytes, TransportUpgrader.SocketAcceptor acceptor) {}

  private final WebSocketSettings settings;
  private final SocketThreads threads;
  private volatile @Nullable WebSocketServerTransport transport;

  RexdWebSocketEndpoint(WebSocketSettings settings, SocketThreads threads) {
    this.settings = settings;
    this.threads = threads;
  }

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    // the container's own idle timeout is only a backstop: live clients answer our pings
    session.setMaxIdleTimeout(settings.silenceLimit().toMillis());
    Acceptance acceptance = acceptance(config);
    WebSocketServerTransport t =
        new WebSocketServerTransport(session, acceptance.maxMessageBytes(), settings, threads.io());
    transport = t;
    try {
      acceptance.acceptor().accept(t);
    } catch (IllegalStateException closed) {
      try {
        session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, String.valueOf(closed.getMessage())));
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "close failed: " + e);
      }
      return;
    }
    session.addMessageHandler(String.class, (MessageHandler.Partial<String>) t::onPart);
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> t.heard());
    t.keepAlive(threads.keepAlive());
  }

  /** What the servlet admitted; a socket that bypassed the servlet gets nothing and is refused. */
  private static Acceptance acceptance(EndpointConfig config) {
    Object a = config.getUserProperties().get(ACCEPTOR_PROPERTY);
    if (a instanceof Acceptance acceptance) {
      return acceptance;
    }
    throw new IllegalStateException("a socket without a checked upgrade");
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
