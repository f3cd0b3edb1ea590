package dev.rexd.cli;

import dev.rexd.api.text.TextView;
import dev.rexd.core.recording.CastEvent;
import dev.rexd.core.recording.CastReader;
import java.io.PrintStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd cat FILE}: prints a recording's output as plain text, as the terminal showed it,
 * with escape sequences removed and {@code \r} overwrites applied; no timing. A damaged file is
 * printed up to its first bad line, which is then reported (exit 1).
 *
 * <pre>{@code
 * rexd cat rec_5c….cast | grep -n error
 * }</pre>
 */
@Command(name = "cat", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class, sortOptions = false,
    description = "Print a recording's output as plain text (escape sequences removed).")
final class CatCommand extends ClientCommand {
  @Parameters(paramLabel = "FILE|URL|ID", description = "A .cast file, an http(s) URL, or a recording id with --target.")
  String source = "";

  @Option(names = "--target", paramLabel = "NAME", description = "Fetch the recording id from this target.")
  @Nullable String target;

  private final Map<String, String> env;

  CatCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
    this.env = env;
  }

  @Override
  int run() {
    return CastCommands.read(source, target, this::connect, env, err, this::print);
  }

  private void print(CastReader reader) {
    TextView view = new TextView(out::println);
    for (CastEvent e; (e = reader.next()) != null; ) {
      if (e.code().equals(CastEvent.OUTPUT)) {
        view.write(e.data());
      }
    }
    view.finish();
    out.flush();
  }
}
