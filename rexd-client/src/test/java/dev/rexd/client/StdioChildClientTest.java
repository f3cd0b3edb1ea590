package dev.rexd.client;

import dev.rexd.core.Limits;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The client contract over stdio pipes to a server running in a child JVM. */
class StdioChildClientTest extends RexdClientContract {
  private final List<Process> children = new ArrayList<>();

  @Override
  protected RexdClient.Builder serve(Path root, Limits limits, boolean allowShell) {
    ProcessBuilder pb = new ProcessBuilder(StdioTestServer.command(root, limits, allowShell))
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child;
    try {
      child = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    children.add(child);
    return RexdClient.builder().transport(StdioTransports.attach(child.getInputStream(), child.getOutputStream()));
  }

  @Override
  protected void breakConnection() {
    children.get(children.size() - 1).destroyForcibly();
  }

  @Override
  protected void stopServers() {
    for (Process p : children) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
