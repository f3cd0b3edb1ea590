package dev.rexd.cli;

import dev.rexd.agent.AgentTools;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdTarget;
import dev.rexd.core.RexdServer;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.mcp.RexdMcpServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rexd mcp}: the agent tools as an MCP server on stdin/stdout, for MCP clients (Claude Code,
 * Cursor, ...). With no option it serves the current directory (or the roots of {@code --config})
 * through an in-process server; {@code --target NAME} routes every tool to that target of
 * {@code targets.json}, connecting at the first call and again after a lost connection. Exits when
 * the client closes stdin, killing the commands it left running.
 *
 * <pre>{@code
 * rexd mcp                      # this directory
 * rexd mcp --target prod        # the host of target "prod"
 * }</pre>
 */
@Command(name = "mcp", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class, sortOptions = false,
    description = "Serve the agent tools (bash, read, edit, grep, ...) as an MCP server on stdin/stdout.")
final class McpCommand extends ClientCommand {
  @Option(names = "--target", paramLabel = "NAME", description = "Run the tools on this target of targets.json.")
  @Nullable String target;

  @Option(names = "--config", paramLabel = "FILE",
      description = "TOML config of the in-process server (without --target).")
  @Nullable Path config;

  private final InputStream in;

  McpCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this(out, err, env, new FileInputStream(FileDescriptor.in));
  }

  McpCommand(PrintStream out, PrintStream err, Map<String, String> env, InputStream in) {
    super(out, err, env);
    this.in = in;
  }

  @Override
  int run() {
    if (target != null && config != null) {
      err.println("rexd: mcp: --config configures the in-process server; with --target the target's server decides");
      return 2;
    }
    RexdServer local = null;
    Supplier<RexdClient> connector;
    if (target != null) {
      RexdTarget t = targets().get(target);
      connector = () -> connect(t);
      err.println("rexd mcp: tools run on target '" + target + "'");
    } else {
      try {
        RexdConfig cfg = config == null ? RexdConfig.defaults() : RexdConfig.load(config);
        local = cfg.applyTo(RexdServer.builder()).build();
      } catch (ConfigException | IllegalArgumentException e) {
        err.println("rexd: config: " + e.getMessage());
        return 2;
      }
      RexdServer server = local;
      connector = () -> RexdClient.inProcess(server::connect);
      err.println("rexd mcp: tools run here, roots " + server.allowedRoots());
    }
    try (AgentTools tools = AgentTools.connecting(connector, "rexd-mcp", AgentTools.Settings.defaults())) {
      RexdMcpServer.Running mcp = RexdMcpServer.stdio(tools, in, out, RexdServer.VERSION);
      mcp.closed().join();
      mcp.close();
    } finally {
      if (local != null) {
        local.close();
      }
    }
    return 0;
  }
}
