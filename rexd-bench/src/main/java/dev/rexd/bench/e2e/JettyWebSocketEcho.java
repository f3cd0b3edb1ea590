package dev.rexd.bench.e2e;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A WebSocket echo on the same Jetty and Jakarta WebSocket stack as {@code bin/rexd --http}: each
 * text message is sent back as it came. The floor for {@code fs.stat} over WebSocket that counts
 * only what the server adds on top of that stack.
 *
 * <pre>{@code
 * try (JettyWebSocketEcho echo = JettyWebSocketEcho.start(); Echo e = Echo.websocket(echo.uri())) { ... }
 * }</pre>
 */
final class JettyWebSocketEcho implements AutoCloseable {
  private final Server jetty;
  private final URI uri;

  private JettyWebSocketEcho(Server jetty, URI uri) {
    this.jetty = jetty;
    this.uri = uri;
  }

  /** Starts the echo on a free loopback port, at {@code /echo}. */
  static JettyWebSocketEcho start() throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    JakartaWebSocketServletContainerInitializer.configure(context, (servletContext, container) ->
        container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build()));
    jetty.setHandler(context);
    jetty.start();
    return new JettyWebSocketEcho(jetty, URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo"));
  }

  URI uri() {
    return uri;
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }

  /** Sends every text message back on the same socket. */
  public static final class EchoEndpoint extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(String.class,
          (MessageHandler.Whole<String>) message -> session.getAsyncRemote().sendText(message));
    }
  }
}
