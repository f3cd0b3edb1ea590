package dev.rexd.transport.http;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientContract;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The typed client's contract over a real WebSocket, with a token, through the Tyrus transport. */
class WebSocketClientContractTest extends RexdClientContract {
  private static final String TOKEN = "client-contract";
  private final List<RexdServer> servers = new ArrayList<>();
  private final List<RexdHttpServer> https = new ArrayList<>();

  @Override
  protected RexdClient.Builder serve(Path root, Limits limits, boolean allowShell) {
    RexdServer server = RexdServer.builder().allowedRoot(root).limits(limits).allowShell(allowShell).build();
    servers.add(server);
    try {
      RexdHttpServer http = TestServers.http(server).token(TOKEN).start();
      https.add(http);
      return RexdClient.builder().transport(WebSocketTransport.builder(http.wsUri()).token(TOKEN).connect());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the latest server's Jetty without a graceful wait: its sockets are cut. */
  @Override
  protected void breakConnection() {
    https.get(https.size() - 1).close();
  }

  @Override
  protected void stopServers() {
    https.forEach(RexdHttpServer::close);
    servers.forEach(RexdServer::close);
  }
}
