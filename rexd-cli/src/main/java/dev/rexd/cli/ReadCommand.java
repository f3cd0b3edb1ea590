package dev.rexd.cli;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd read --target NAME PATH}: prints a file of the target, byte for byte. A relative path
 * resolves against the target's {@code defaultCwd}, else its session's first root.
 *
 * <pre>{@code
 * rexd read --target prod /srv/app/config.yml
 * }</pre>
 */
@Command(name = "read", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class, sortOptions = false,
    description = "Print a file of a target.")
final class ReadCommand extends ClientCommand {
  @Option(names = "--target", required = true, paramLabel = "NAME", description = "The target's name in targets.json.")
  String target = "";

  @Parameters(paramLabel = "PATH", description = "The file to print.")
  String path = "";

  ReadCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
  }

  @Override
  int run() {
    try (RexdClient client = connect(target); RexdSession session = open(client, target)) {
      byte[] content = session.fs().readBytes(path);
      out.write(content, 0, content.length);
      out.flush();
      return 0;
    }
  }
}
