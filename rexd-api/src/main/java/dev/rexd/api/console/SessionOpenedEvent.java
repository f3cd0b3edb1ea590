package dev.rexd.api.console;

/**
 * {@code session.opened}, to {@code server.watch} connections.
 *
 * <pre>{@code
 * new SessionOpenedEvent("sess_1", "agent", "ci-bot", "2026-11-23T10:00:00Z")
 * }</pre>
 */
public record SessionOpenedEvent(String sessionId, String clientName, String principal, String openedAt) {}
