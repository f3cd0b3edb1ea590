package dev.rexd.console;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.util.function.UnaryOperator;

/**
 * A server serving the console on loopback HTTP to the holders of {@code tokens}, with an agent
 * connected in-process as {@code agent} (the page's subject).
 */
final class ConsoleWebServer implements AutoCloseable {
  final RexdServer server;
  final RexdHttpServer http;
  final WirePeer agent;

  /** {@code more} adds to the HTTP server (mounts) before it starts. */
  ConsoleWebServer(RexdServer server, TokenTable tokens, Principal agent, UnaryOperator<RexdHttpServer.Builder> more)
      throws Exception {
    this.server = server;
    this.http = more.apply(RexdHttpServer.builder(server).listen("127.0.0.1", 0).authenticator(tokens)
        .mountPage(ConsoleServlet.PATH_SPEC, new ConsoleServlet("/ws"))).start();
    InMemoryTransport[] pair = InMemoryTransport.pair(256);
    server.connectReattachable(pair[0], agent);
    this.agent = new WirePeer(pair[1]);
  }

  /** The URL of {@code path} (e.g. {@code /console/}) on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + http.port() + path;
  }

  @Override
  public void close() {
    agent.close();
    http.close();
    server.close();
  }
}
