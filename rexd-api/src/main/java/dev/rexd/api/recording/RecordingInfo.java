package dev.rexd.api.recording;

import org.jspecify.annotations.Nullable;

/**
 * One recording as {@code recording.list} describes it; {@code ended_at} is absent while it is
 * still being written, {@code bytes} is its size so far.
 *
 * <pre>{@code
 * {"recording_id":"rec_5c…","session_id":"sess_1","kind":"pty","pty_id":"pty_1","title":"bash",
 *  "started_at":"2026-11-23T10:00:00Z","ended_at":"2026-11-23T10:05:00Z","bytes":48213}
 * }</pre>
 *
 * @param kind {@code session} or {@code pty}
 */
public record RecordingInfo(
    String recordingId,
    String sessionId,
    String kind,
    @Nullable String ptyId,
    String title,
    String startedAt,
    @Nullable String endedAt,
    long bytes) {}
