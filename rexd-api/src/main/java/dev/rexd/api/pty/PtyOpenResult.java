package dev.rexd.api.pty;

/**
 * Result of {@code pty.open}.
 *
 * <pre>{@code
 * String id = result.ptyId();
 * }</pre>
 */
public record PtyOpenResult(String ptyId, String processId) {}
