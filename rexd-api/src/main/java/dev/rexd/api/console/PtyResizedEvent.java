package dev.rexd.api.console;

/**
 * {@code pty.resized}, to a session's watchers: the new size and who set it.
 *
 * <pre>{@code
 * new PtyResizedEvent("sess_1", "pty_1", 200, 50, "alice")
 * }</pre>
 */
public record PtyResizedEvent(String sessionId, String ptyId, int cols, int rows, String by) {}
