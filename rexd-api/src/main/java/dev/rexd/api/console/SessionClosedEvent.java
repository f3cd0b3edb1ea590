package dev.rexd.api.console;

/**
 * {@code session.closed}, to the session's watchers and {@code server.watch} connections.
 *
 * <pre>{@code
 * new SessionClosedEvent("sess_1", "alice")   // by a principal, or "idle_timeout", "connection_closed", "server"
 * }</pre>
 */
public record SessionClosedEvent(String sessionId, String by) {}
