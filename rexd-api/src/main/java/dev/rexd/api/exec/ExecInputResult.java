package dev.rexd.api.exec;

/**
 * Result of {@code exec.input}.
 *
 * <pre>{@code
 * int n = result.acceptedBytes();
 * }</pre>
 */
public record ExecInputResult(int acceptedBytes) {}
