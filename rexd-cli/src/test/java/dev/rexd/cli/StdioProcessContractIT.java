package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.testing.ServerContractSuite;
import dev.rexd.transport.stdio.StdioTransports;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wire contract against the real {@code bin/rexd --stdio --config FILE} process. Each test
 * waits for the server to exit after its EOF, so that nothing the server still writes on its way
 * out (its audit log) lands in a temporary directory being removed.
 */
class StdioProcessContractIT extends ServerContractSuite {
  private Process rexd;

  @Override
  protected Transport connect(Path configFile) throws Exception {
    rexd = RexdProcess.builder(List.of("--stdio", "--config", configFile.toString()))
        .redirectError(tmp.resolve("stderr").toFile()).start();
    return StdioTransports.attach(rexd.getInputStream(), rexd.getOutputStream());
  }

  @Override
  protected void stopServer() throws Exception {
    try {
      assertThat(rexd.waitFor(30, TimeUnit.SECONDS)).as("the server exits after its EOF").isTrue();
    } finally {
      rexd.destroyForcibly();
    }
  }
}
