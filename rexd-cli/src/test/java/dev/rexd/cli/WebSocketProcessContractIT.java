package dev.rexd.cli;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.testing.ServerContractSuite;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.nio.file.Path;

/** The wire contract over WebSocket against the real {@code bin/rexd --http 127.0.0.1:0 --config FILE}. */
class WebSocketProcessContractIT extends ServerContractSuite {
  private HttpServerProcess rexd;

  @Override
  protected Transport connect(Path configFile) throws Exception {
    rexd = HttpServerProcess.start(tmp, "--config", configFile.toString());
    return WebSocketTransport.builder(rexd.uri("ws", "/ws")).connect();
  }

  @Override
  protected void stopServer() throws Exception {
    rexd.stop();
  }
}
