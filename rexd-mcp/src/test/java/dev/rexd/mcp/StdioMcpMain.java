package dev.rexd.mcp;

import dev.rexd.agent.AgentTools;
import dev.rexd.client.RexdClient;
import dev.rexd.core.RexdServer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code rexd mcp} does, without the CLI: the agent tools over an in-process server on the
 * directory given, served as MCP on stdin/stdout until stdin ends. Tests start it as a child JVM.
 */
public final class StdioMcpMain {
  private StdioMcpMain() {}

  public static void main(String[] args) {
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    System.setOut(System.err);
    try (RexdServer server = RexdServer.builder().allowedRoot(Path.of(args[0])).build();
         AgentTools tools = AgentTools.connecting(() -> RexdClient.inProcess(server::connect), "mcp-test",
             AgentTools.Settings.defaults().withIdleTimeout(Duration.ofSeconds(3)).withOutputBudgetBytes(1024))) {
      RexdMcpServer.Running mcp = RexdMcpServer.stdio(tools, System.in, protocol, "test");
      mcp.closed().join();
      mcp.close();
    }
    System.exit(0);
  }

  /** The command line that starts this class in a new JVM serving {@code root}. */
  static java.util.List<String> command(Path root) {
    return java.util.List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), StdioMcpMain.class.getName(), root.toString());
  }
}
