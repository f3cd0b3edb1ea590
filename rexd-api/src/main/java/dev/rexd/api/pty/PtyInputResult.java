package dev.rexd.api.pty;

/**
 * Result of {@code pty.input}.
 *
 * <pre>{@code
 * int n = result.acceptedBytes();
 * }</pre>
 */
public record PtyInputResult(int acceptedBytes) {}
