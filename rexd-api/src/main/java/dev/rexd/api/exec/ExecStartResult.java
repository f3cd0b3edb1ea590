package dev.rexd.api.exec;

/**
 * Result of {@code exec.start}; {@code started_at} is RFC 3339 UTC.
 *
 * {@code
 * String id = result.processId();
 * }
 */
public record ExecStartResult(String processId, String startedAt) {}
