package dev.rexd.api.recording;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;

/**
 * Params of {@code recording.get} [ext]: {@code length} bytes of the recording's file from
 * {@code offset} (default 0; {@code length} is capped by the server's read limit).
 *
 * <pre>{@code
 * new RecordingGetParams("rec_5c…", 0L, null)
 * }</pre>
 */
public record RecordingGetParams(String recordingId, @Nullable Long offset, @Nullable Long length) {
  public RecordingGetParams {
    Require.present(recordingId, "recording_id");
    Require.nonNegative(offset, "offset");
    Require.nonNegative(length, "length");
  }
}
