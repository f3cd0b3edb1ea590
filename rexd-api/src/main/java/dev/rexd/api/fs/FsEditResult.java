package dev.rexd.api.fs;

/**
 * Result of {@code fs.edit}.
 *
 * <pre>{@code
 * int n = result.replacements();
 * }</pre>
 */
public record FsEditResult(String path, long bytesWritten, long mtime, boolean created, int replacements) {}
