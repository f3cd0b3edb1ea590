package dev.rexd.api.console;

/**
 * {@code pty.input_by}, to a session's watchers: who typed into a terminal (never what). Sent when
 * the typist changes, not for every keystroke.
 *
 * <pre>{@code
 * new PtyInputByEvent("sess_1", "pty_1", "alice")
 * }</pre>
 */
public record PtyInputByEvent(String sessionId, String ptyId, String by) {}
