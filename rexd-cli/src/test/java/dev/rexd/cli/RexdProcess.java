package dev.rexd.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates {@code bin/rexd} from the module directory the tests run in, so integration tests start
 * the real command exactly as an operator does.
 *
 * <pre>{@code
 * Process p = RexdProcess.start(List.of("--stdio", "--config", cfg.toString()));
 * }</pre>
 */
final class RexdProcess {
  private RexdProcess() {}

  static Path script() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isExecutable(p.resolve("bin/rexd"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("bin/rexd not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("bin/rexd");
  }

  static ProcessBuilder builder(List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(script().toString());
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }

  static Process start(List<String> args, Path stderrFile) throws IOException {
    return builder(args).redirectError(stderrFile.toFile()).start();
  }
}
