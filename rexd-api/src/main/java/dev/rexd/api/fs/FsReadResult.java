package dev.rexd.api.fs;

import dev.rexd.api.Encoding;

/**
 * Result of {@code fs.read}; {@code mtime} is milliseconds since the epoch, {@code size} the whole
 * file's size.
 *
 * <pre>{@code
 * byte[] bytes = result.encoding().decode(result.content());
 * }</pre>
 */
public record FsReadResult(
    String path, long size, long mtime, Encoding encoding, String content, boolean truncated) {}
