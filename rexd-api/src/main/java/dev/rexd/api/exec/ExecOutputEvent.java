package dev.rexd.api.exec;

import dev.rexd.api.Encoding;

/**
 * The params of an {@code exec.stdout} or {@code exec.stderr} event: one chunk as read.
 *
 * <pre>{@code
 * byte[] bytes = event.encoding().decode(event.data());
 * }</pre>
 */
public record ExecOutputEvent(String sessionId, String processId, long seq, String data, Encoding encoding) {}
