package dev.rexd.transport.stdio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.core.testing.ServerContractSuite;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** The whole wire contract again, with every process and terminal inside a bubblewrap sandbox. */
class SandboxedContractTest extends ServerContractSuite {
  private RexdServer server;

  @BeforeAll
  static void sandboxAvailable() {
    SandboxCheck check = SandboxCheck.run(SandboxSettings.defaults());
    assumeTrue(check.usable(), () -> "no sandbox on this host: " + check.items());
  }

  @Override
  protected Transport connect(Path configFile) {
    server = RexdConfig.load(configFile).applyTo(RexdServer.builder()).sandbox(SandboxSettings.defaults()).build();
    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    server.connect(pair[0]);
    return pair[1];
  }

  @Override
  protected void stopServer() {
    server.close();
  }
}
