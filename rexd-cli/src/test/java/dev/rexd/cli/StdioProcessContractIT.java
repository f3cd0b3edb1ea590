package dev.rexd.cli;

import dev.rexd.api.transport.Transport;
import dev.rexd.core.testing.ServerContractSuite;
import dev.rexd.transport.stdio.StdioTransports;
import java.nio.file.Path;
import java.util.List;

/** The wire contract against the real {@code bin/rexd --stdio --config FILE} process. */
class StdioProcessContractIT extends ServerContractSuite {

  @Override
  protected Transport connect(Path configFile) {
    return StdioTransports.spawn(List.of(RexdProcess.script().toString(), "--stdio", "--config", configFile.toString()));
  }
}
