package dev.rexd.api.recording;

import dev.rexd.api.Encoding;

/**
 * Result of {@code recording.get} [ext]: a slice of the {@code .cast} file, as UTF-8 text when it
 * is whole characters, else base64; {@code eof} when it reaches the end of the file as it is now.
 *
 * <pre>{@code
 * byte[] bytes = result.encoding().decode(result.content());
 * }</pre>
 */
public record RecordingGetResult(String content, Encoding encoding, boolean eof) {}
