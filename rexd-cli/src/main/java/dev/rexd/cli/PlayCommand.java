package dev.rexd.cli;

import dev.rexd.core.recording.CastEvent;
import dev.rexd.core.recording.CastReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rexd play FILE|URL|ID}: plays a recording on this terminal with its original timing
 * (faster with {@code --speed}, pauses cut to {@code --idle-limit}). A damaged file plays up to
 * its first bad line, which is then reported (exit 1).
 *
 * <pre>{@code
 * rexd play /var/lib/rexd/recordings/rec_5c….cast --speed 2 --idle-limit 1
 * rexd play --target prod rec_5c…
 * }</pre>
 */
@Command(name = "play", mixinStandardHelpOptions = true, versionProvider = RexdMain.Version.class, sortOptions = false,
    description = "Play a recording (asciicast v2 or v3) on this terminal with its original timing.")
final class PlayCommand extends ClientCommand {
  @Parameters(paramLabel = "FILE|URL|ID", description = "A .cast file, an http(s) URL, or a recording id with --target.")
  String source = "";

  @Option(names = "--speed", paramLabel = "N", description = "Play N times as fast (default 1).")
  double speed = 1;

  @Option(names = "--idle-limit", paramLabel = "S", description = "Cut every pause to at most S seconds.")
  @Nullable Double idleLimit;

  @Option(names = "--target", paramLabel = "NAME", description = "Fetch the recording id from this target.")
  @Nullable String target;

  private final Map<String, String> env;

  PlayCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    super(out, err, env);
    this.env = env;
  }

  @Override
  int run() {
    if (!(speed > 0) || (idleLimit != null && !(idleLimit > 0))) {
      err.println("rexd: --speed and --idle-limit must be positive");
      return 2;
    }
    return CastCommands.read(source, target, this::connect, env, err, this::play);
  }

  private void play(CastReader reader) throws InterruptedException {
    long limitMicros = idleLimit == null ? Long.MAX_VALUE : (long) (idleLimit * 1_000_000);
    long start = System.nanoTime();
    double elapsedMicros = 0;
    long previous = 0;
    for (CastEvent e; (e = reader.next()) != null; ) {
      elapsedMicros += Math.min(e.atMicros() - previous, limitMicros) / speed;
      previous = e.atMicros();
      if (!e.code().equals(CastEvent.OUTPUT)) {
        continue;
      }
      long wait = start + (long) (elapsedMicros * 1_000) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      byte[] bytes = e.data().getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
      out.flush();
    }
  }
}
