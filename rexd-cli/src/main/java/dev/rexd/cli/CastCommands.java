package dev.rexd.cli;

import dev.rexd.client.RexdClient;
import dev.rexd.core.recording.CastFormatException;
import dev.rexd.core.recording.CastReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What {@code rexd play} and {@code rexd cat} share: opening the source, and turning a damaged
 * recording into one line on stderr after what was valid has been shown — exit 1 for a file that
 * stops early or is no recording at all, 2 for a source that cannot be read.
 *
 * <pre>{@code
 * return CastCommands.read(source, target, this::connect, env, err, reader -> print(reader));
 * }</pre>
 */
final class CastCommands {
  private CastCommands() {}

  /** What a command does with an open recording. */
  @FunctionalInterface
  interface Use {
    void accept(CastReader reader) throws IOException, InterruptedException;
  }

  static int read(String source, @Nullable String target, Function<String, RexdClient> connect,
      Map<String, String> env, PrintStream err, Use use) {
    try (InputStream in = CastSource.open(source, target, connect, env)) {
      CastReader reader = new CastReader(in);
      use.accept(reader);
      if (reader.problem() != null) {
        err.println("rexd: " + source + ": " + reader.problem() + " (shown up to the line before)");
        return 1;
      }
      return 0;
    } catch (CastSource.Unreadable e) {
      err.println("rexd: " + e.getMessage());
      return 2;
    } catch (CastFormatException e) {
      err.println("rexd: " + source + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("rexd: " + source + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}
