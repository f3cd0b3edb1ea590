package dev.rexd.api.console;

/**
 * {@code server.unwatched}: this connection no longer receives {@code server.watch} events, e.g.
 * {@code reason: "slow"} when it fell behind its bounded queue. Everything sent before it arrived
 * in order; call {@code server.watch} again (and {@code server.sessions} to catch up).
 *
 * <pre>{@code
 * new ServerUnwatchedEvent("slow")
 * }</pre>
 */
public record ServerUnwatchedEvent(String reason) {}
