package dev.rexd.api.console;

/**
 * {@code session.unwatched}: this connection no longer receives the session's events, e.g.
 * {@code reason: "slow"} when it fell behind its bounded queue. Watch again with replay.
 *
 * <pre>{@code
 * new SessionUnwatchedEvent("sess_1", "slow")
 * }</pre>
 */
public record SessionUnwatchedEvent(String sessionId, String reason) {}
