package dev.rexd.transport.http;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.testing.ServerContractSuite;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.nio.file.Path;

/** The wire contract over a real Jetty WebSocket, with a token, through the Tyrus client transport. */
class WebSocketContractTest extends ServerContractSuite {
  private static final String TOKEN = "contract-token";
  private RexdServer server;
  private RexdHttpServer http;

  @Override
  protected Transport connect(Path configFile) throws Exception {
    server = RexdConfig.load(configFile).applyTo(RexdServer.builder()).build();
    http = TestServers.http(server).token(TOKEN).start();
    return WebSocketTransport.builder(http.wsUri()).token(TOKEN).connect();
  }

  @Override
  protected void stopServer() {
    http.close();
    server.close();
  }
}
