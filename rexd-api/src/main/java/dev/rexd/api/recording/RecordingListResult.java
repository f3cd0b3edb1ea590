package dev.rexd.api.recording;

import java.util.List;

/**
 * Result of {@code recording.list} [ext], oldest first.
 *
 * <pre>{@code
 * for (RecordingInfo r : result.recordings()) System.out.println(r.recordingId() + " " + r.title());
 * }</pre>
 */
public record RecordingListResult(List<RecordingInfo> recordings) {
  public RecordingListResult {
    recordings = List.copyOf(recordings);
  }
}
