package dev.rexd.api.pty;

/**
 * Result of {@code pty.open}.
 *
 * {@code
 * String id = result.ptyId();
 * }
 */
public record PtyOpenResult(String ptyId, String processId) {}
