package dev.rexd.core.transcript;

import java.nio.file.Path;

/**
 * {@code [transcript]}: the file, how much of each process's output a line keeps, and the size
 * at which the file is rotated.
 *
 * <pre>{@code
 * TranscriptConfig c = TranscriptConfig.at(Path.of("/var/log/rexd/transcript.jsonl")).withMaxOutputBytes(4096);
 * }</pre>
 *
 * @param maxFileBytes 0 for no rotation
 */
public record TranscriptConfig(Path path, int maxOutputBytes, long maxFileBytes) {
  /** The default {@code max_output_bytes}. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 16_384;
  /** The default {@code max_file_bytes}: 64 MiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;
  /** The smallest {@code max_output_bytes}: room for a head, a tail and the line between. */
  public static final int MIN_OUTPUT_BYTES = 256;

  public TranscriptConfig {
    if (maxOutputBytes < MIN_OUTPUT_BYTES) {
      throw new IllegalArgumentException("[transcript] max_output_bytes must be at least " + MIN_OUTPUT_BYTES);
    }
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("[transcript] max_file_bytes must not be negative");
    }
  }

  /** A transcript at {@code path} with the defaults. */
  public static TranscriptConfig at(Path path) {
    return new TranscriptConfig(path, DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MAX_FILE_BYTES);
  }

  public TranscriptConfig withMaxOutputBytes(int bytes) {
    return new TranscriptConfig(path, bytes, maxFileBytes);
  }

  public TranscriptConfig withMaxFileBytes(long bytes) {
    return new TranscriptConfig(path, maxOutputBytes, bytes);
  }
}
