package dev.rexd.api.recording;

import org.jspecify.annotations.Nullable;

/**
 * Params of {@code recording.list} [ext]: every recording the caller may see, or one session's.
 *
 * <pre>{@code
 * new RecordingListParams("sess_1")
 * }</pre>
 */
public record RecordingListParams(@Nullable String sessionId) {}
