package dev.rexd.core.recording;

import java.util.Map;

/**
 * What the first line of a recording says: the terminal size, when it started (Unix seconds), a
 * title, and rexd's own facts under the header key {@value #META_KEY} (which players ignore).
 *
 * <pre>{@code
 * CastHeader h = new CastHeader(120, 32, Instant.now().getEpochSecond(), "session sess_1",
 *     Map.of("recording_id", "rec_…", "session_id", "sess_1", "kind", "session"));
 * }</pre>
 */
public record CastHeader(int cols, int rows, long timestamp, String title, Map<String, String> meta) {
  /** The header key holding rexd's facts about a recording. */
  public static final String META_KEY = "rexd";

  public CastHeader {
    meta = Map.copyOf(meta);
  }
}
