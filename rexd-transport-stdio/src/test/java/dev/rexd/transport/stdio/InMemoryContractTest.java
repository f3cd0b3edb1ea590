package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.testing.ServerContractSuite;
import java.nio.file.Path;

class InMemoryContractTest extends ServerContractSuite {
  private RexdServer server;

  @Override
  protected Transport connect(Path configFile) {
    server = RexdConfig.load(configFile).applyTo(RexdServer.builder()).build();
    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    server.connect(pair[0]);
    return pair[1];
  }

  @Override
  protected void stopServer() {
    server.close();
  }
}
