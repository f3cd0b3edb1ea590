package dev.rexd.transport.http;

import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdClientContract;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed client's contract against the embedded Jetty server with a token; each subclass picks
 * the client transport that reaches it.
 *
 * <pre>{@code
 * class WebSocketClientContractTest extends HttpServerClientContract {
 *   protected Transport connect(RexdHttpServer http) throws IOException {
 *     return WebSocketTransport.builder(http.wsUri()).token(TOKEN).connect();
 *   }
 * }
 * }</pre>
 */
abstract class HttpServerClientContract extends RexdClientContract {
  static final String TOKEN = "client-contract";
  private final List<RexdServer> servers = new ArrayList<>();
  private final List<RexdHttpServer> https = new ArrayList<>();

  /** A client transport to {@code http}, with {@link #TOKEN}, not yet started. */
  protected abstract Transport connect(RexdHttpServer http) throws IOException;

  @Override
  protected RexdClient.Builder serve(Path root, Limits limits, boolean allowShell) {
    RexdServer server = RexdServer.builder().allowedRoot(root).limits(limits).allowShell(allowShell).build();
    servers.add(server);
    try {
      RexdHttpServer http = TestServers.http(server).token(TOKEN).start();
      https.add(http);
      return RexdClient.builder().transport(connect(http));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the latest server's Jetty without a graceful wait: its sockets are cut, later calls refused. */
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
