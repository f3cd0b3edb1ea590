package dev.rexd.api.exec;

import dev.rexd.api.Encoding;

/**
 * One retained output chunk in an {@code exec.output} result.
 *
 * <pre>{@code
 * byte[] bytes = chunk.encoding().decode(chunk.data());
 * }</pre>
 */
public record OutputChunk(StreamName stream, long seq, String data, Encoding encoding) {}
