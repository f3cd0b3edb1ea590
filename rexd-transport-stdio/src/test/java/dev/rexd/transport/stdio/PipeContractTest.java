package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.testing.ServerContractSuite;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;

/** The contract over real NDJSON framing: the server's serve loop on one end of two OS-less pipes. */
class PipeContractTest extends ServerContractSuite {
  private RexdServer server;
  private Thread serving;

  @Override
  protected Transport connect(Path configFile) throws Exception {
    server = RexdConfig.load(configFile).applyTo(RexdServer.builder()).build();
    PipedInputStream serverIn = new PipedInputStream(1 << 16);
    PipedOutputStream clientOut = new PipedOutputStream(serverIn);
    PipedInputStream clientIn = new PipedInputStream(1 << 16);
    PipedOutputStream serverOut = new PipedOutputStream(clientIn);
    serving = new Thread(() -> StdioTransports.serve(server, serverIn, serverOut), "serve");
    serving.setDaemon(true);
    serving.start();
    return StdioTransports.attach(clientIn, clientOut);
  }

  @Override
  protected void stopServer() throws Exception {
    serving.join(10_000);
    server.close();
  }
}
