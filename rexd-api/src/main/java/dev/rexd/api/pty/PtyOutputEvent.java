package dev.rexd.api.pty;

import dev.rexd.api.Encoding;

/**
 * The params of a {@code pty.output} event: raw terminal bytes.
 *
 * <pre>{@code
 * byte[] bytes = event.encoding().decode(event.data());
 * }</pre>
 */
public record PtyOutputEvent(
    String sessionId, String ptyId, String processId, long seq, String data, Encoding encoding) {}
