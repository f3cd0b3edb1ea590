package dev.rexd.core.transcript;

import dev.rexd.api.json.RexdJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Reads transcript entries from whole lines only: a line that is not an entry (a torn line a
 * crash left in the middle) is skipped and counted, and an unfinished last line waits, so a
 * reader can follow a growing file and a damaged transcript is never fatal.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(path)) {
 *   TranscriptReader reader = new TranscriptReader(in);
 *   for (TranscriptEntry e; (e = reader.next()) != null; ) System.out.println(e.commandLine());
 *   if (reader.hasUnfinishedLine()) System.err.println("the last line is torn");
 * }
 * }</pre>
 */
public final class TranscriptReader {
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[8192];
  private int position;
  private int limit;
  private int skipped;

  public TranscriptReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next entry, or null when no further whole line is there now (call again later to follow
   * a file that grows).
   */
  public @Nullable TranscriptEntry next() throws IOException {
    while (true) {
      if (position == limit) {
        int n = in.read(buffer);
        if (n <= 0) {
          return null;
        }
        position = 0;
        limit = n;
      }
      byte b = buffer[position++];
      if (b != '\n') {
        line.write(b);
        continue;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.isBlank()) {
        continue;
      }
      try {
        return RexdJson.mapper().readValue(text, TranscriptEntry.class);
      } catch (JacksonException | IllegalArgumentException e) {
        skipped++;
      }
    }
  }

  /** How many whole lines were skipped because they were not entries. */
  public int skipped() {
    return skipped;
  }

  /** Whether bytes after the last newline wait for the rest of their line (a torn last line at the end). */
  public boolean hasUnfinishedLine() {
    return line.size() > 0;
  }
}
