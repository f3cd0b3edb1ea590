package dev.rexd.core.recording;

import java.nio.file.Path;

/**
 * {@code [recording]}: where recordings go, how long and how much of them is kept, whether
 * terminal input is recorded, and the asciicast version.
 *
 * <pre>{@code
 * RecordingConfig c = RecordingConfig.in(Path.of("/var/lib/rexd/recordings"))
 *     .withMaxTotalBytes(1L << 30).withMaxAgeDays(30).withFormat(CastFormat.V2);
 * }</pre>
 *
 * @param maxTotalBytes 0 for no size limit
 * @param maxAgeDays 0 for no age limit
 */
public record RecordingConfig(Path dir, long maxTotalBytes, int maxAgeDays, boolean recordInput, CastFormat format) {
  /** The default {@code max_total_bytes}: 1 GiB. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 1L << 30;
  /** The default {@code max_age_days}. */
  public static final int DEFAULT_MAX_AGE_DAYS = 30;

  public RecordingConfig {
    if (maxTotalBytes < 0) {
      throw new IllegalArgumentException("[recording] max_total_bytes must not be negative");
    }
    if (maxAgeDays < 0) {
      throw new IllegalArgumentException("[recording] max_age_days must not be negative");
    }
  }

  /** Recordings in {@code dir} with the defaults: 1 GiB, 30 days, no input, asciicast v3. */
  public static RecordingConfig in(Path dir) {
    return new RecordingConfig(dir, DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_AGE_DAYS, false, CastFormat.V3);
  }

  public RecordingConfig withMaxTotalBytes(long bytes) {
    return new RecordingConfig(dir, bytes, maxAgeDays, recordInput, format);
  }

  public RecordingConfig withMaxAgeDays(int days) {
    return new RecordingConfig(dir, maxTotalBytes, days, recordInput, format);
  }

  public RecordingConfig withRecordInput(boolean record) {
    return new RecordingConfig(dir, maxTotalBytes, maxAgeDays, record, format);
  }

  public RecordingConfig withFormat(CastFormat f) {
    return new RecordingConfig(dir, maxTotalBytes, maxAgeDays, recordInput, f);
  }
}
