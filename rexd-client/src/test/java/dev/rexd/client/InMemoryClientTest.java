package dev.rexd.client;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The client contract over an in-memory transport straight into an in-process server. */
class InMemoryClientTest extends RexdClientContract {
  private final List<RexdServer> servers = new ArrayList<>();
  private volatile Transport serverEnd;

  @Override
  protected RexdClient.Builder serve(Path root, Limits limits, boolean allowShell) {
    RexdServer server = RexdServer.builder().allowedRoot(root).limits(limits).allowShell(allowShell).build();
    servers.add(server);
    return RexdClient.builder().inProcess(t -> {
      serverEnd = t;
      server.connect(t);
    });
  }

  @Override
  protected void breakConnection() {
    serverEnd.close();
  }

  @Override
  protected void stopServers() {
    servers.forEach(RexdServer::close);
  }
}
