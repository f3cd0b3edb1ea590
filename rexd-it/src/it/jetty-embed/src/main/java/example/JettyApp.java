package example;

import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.HttpSecurity;
import dev.rexd.transport.http.server.RexdWebSocketServlet;
import dev.rexd.transport.http.server.RpcServlet;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An application's own Jetty, with rexd mounted at /agent/rpc and /agent/ws next to its servlets. */
public final class JettyApp implements AutoCloseable {
  private final RexdServer rexd;
  private final Server jetty;

  public JettyApp(Path root, String token) throws Exception {
    rexd = RexdServer.builder().allowedRoot(root).build();
    HttpSecurity security = HttpSecurity.builder().token(token).build();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    ServletHolder rpc = new ServletHolder(new RpcServlet(rexd, security));
    rpc.setAsyncSupported(true);
    context.addServlet(rpc, "/agent/rpc");
    context.addServlet(new ServletHolder(new RexdWebSocketServlet(rexd, security)), "/agent/ws");
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    jetty.setHandler(context);
    jetty.start();
  }

  public int port() {
    return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
    rexd.close();
  }
}
