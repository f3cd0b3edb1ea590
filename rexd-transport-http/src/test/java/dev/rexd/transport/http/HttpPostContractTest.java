package dev.rexd.transport.http;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.testing.ServerContractSuite;
import dev.rexd.transport.http.client.HttpRpcTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.nio.file.Path;

/**
 * The wire contract over {@code POST /rpc} through the OkHttp client transport. Events are not
 * delivered over POST (protocol section 1), so the suite's event tests are skipped here;
 * WebSocketContractTest runs them. An oversized message is refused with HTTP 413 before it is
 * read; the client transport turns that into the {@code -32600} response the suite expects.
 */
class HttpPostContractTest extends ServerContractSuite {
  private static final String TOKEN = "contract-token";
  private RexdServer server;
  private RexdHttpServer http;

  @Override
  protected boolean deliversEvents() {
    return false;
  }

  @Override
  protected Transport connect(Path configFile) throws Exception {
    server = RexdConfig.load(configFile).applyTo(RexdServer.builder()).build();
    http = TestServers.http(server).token(TOKEN).start();
    return HttpRpcTransport.builder(http.rpcUri()).token(TOKEN).build();
  }

  @Override
  protected void stopServer() {
    http.close();
    server.close();
  }
}
