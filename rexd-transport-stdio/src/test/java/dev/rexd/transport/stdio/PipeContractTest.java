package dev.rexd.transport.stdio;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.testing.ServerContractSuite;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;

/**
 * The contract over real NDJSON framing: the server's serve loop on one end of two kernel pipes,
 * written by whichever server thread produced a frame, as its stdin and stdout are.
 */
class PipeContractTest extends ServerContractSuite {
  private RexdServer server;
  private Thread serving;

  @Override
  protected Transport connect(Path configFile) throws Exception {
    server = RexdConfig.load(configFile).applyTo(RexdServer.builder()).build();
    Pipe toServer = Pipe.open();
    Pipe toClient = Pipe.open();
    serving = new Thread(() -> StdioTransports.serve(server, Channels.newInputStream(toServer.source()),
        Channels.newOutputStream(toClient.sink())), "serve");
    serving.setDaemon(true);
    serving.start();
    return StdioTransports.attach(Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()));
  }

  @Override
  protected void stopServer() throws Exception {
    serving.join(10_000);
    server.close();
  }
}
