package dev.rexd.cli;

import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine;

/**
 * Adds the client subcommands to the {@code rexd} command line: {@code exec}, {@code read},
 * {@code targets}, {@code mcp} and {@code approvals}, which reach the targets of {@code targets.json}
 * through rexd-client; {@code play}, {@code cat} and {@code transcript}, which show recordings and the
 * transcript; and {@code token hash}, which prints a config entry.
 *
 * <pre>{@code
 * CommandLine cl = new CommandLine(new RexdMain(protocolOut, err));
 * ClientCommands.addTo(cl, protocolOut, err);
 * }</pre>
 */
final class ClientCommands {
  private ClientCommands() {}

  /**
   * Registers the subcommands; they print to {@code out} (this process's stdout) and {@code err}.
   * Call it before setting the parent's writers, so the subcommands get them too.
   */
  static void addTo(CommandLine cl, PrintStream out, PrintStream err) {
    Map<String, String> env = System.getenv();
    // everything after the command's name is the command's: `rexd exec --target t ls -la` needs no `--`
    cl.addSubcommand(new CommandLine(new ExecCommand(out, err, env)).setStopAtPositional(true));
    cl.addSubcommand(new ReadCommand(out, err, env));
    cl.addSubcommand(new TargetsCommand(out, err, env));
    cl.addSubcommand(new McpCommand(out, err, env));
    cl.addSubcommand(new PlayCommand(out, err, env));
    cl.addSubcommand(new CatCommand(out, err, env));
    cl.addSubcommand(new TranscriptCommand(out, err));
    cl.addSubcommand(new ApprovalsCommand(out, err, env));
    cl.addSubcommand(new TokenCommand(out, err));
  }
}
