package dev.rexd.api.exec;

/**
 * Result of {@code exec.start}; {@code started_at} is RFC 3339 UTC.
 *
 * <pre>{@code
 * String id = result.processId();
 * }</pre>
 */
public record ExecStartResult(String processId, String startedAt) {}
