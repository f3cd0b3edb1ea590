package dev.rexd.api.exec;

/**
 * Result of {@code exec.input}.
 *
 * {@code
 * int n = result.acceptedBytes();
 * }
 */
public record ExecInputResult(int acceptedBytes) {}
