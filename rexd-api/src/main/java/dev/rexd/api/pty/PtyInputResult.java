package dev.rexd.api.pty;

/**
 * Result of {@code pty.input}.
 *
 * {@code
 * int n = result.acceptedBytes();
 * }
 */
public record PtyInputResult(int acceptedBytes) {}
