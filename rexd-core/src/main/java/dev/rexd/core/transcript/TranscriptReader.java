package dev.rexd.core.transcript;

import dev.rexd.api.json.RexdJson;
import java.io.BufferedReader;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Reads transcript lines, skipping (and counting) any that are not whole entries, such as the
 * torn last line a crash leaves: a damaged transcript is never fatal to its reader.
 *
 * <pre>{@code
 * TranscriptReader reader = new TranscriptReader(Files.newBufferedReader(path));
 * for (TranscriptEntry e; (e = reader.next()) != null; ) System.out.println(e.commandLine());
 * System.err.println(reader.skipped() + " damaged line(s) skipped");
 * }</pre>
 */
public final class TranscriptReader {
  private final BufferedReader in;
  private int skipped;

  public TranscriptReader(BufferedReader in) {
    this.in = in;
  }

  /** The next whole entry, or null when no more lines are there now. */
  public @Nullable TranscriptEntry next() throws IOException {
    for (String line; (line = in.readLine()) != null; ) {
      if (line.isBlank()) {
        continue;
      }
      try {
        return RexdJson.mapper().readValue(line, TranscriptEntry.class);
      } catch (JacksonException | IllegalArgumentException e) {
        skipped++;
      }
    }
    return null;
  }

  /** How many lines were skipped as damaged. */
  public int skipped() {
    return skipped;
  }
}
