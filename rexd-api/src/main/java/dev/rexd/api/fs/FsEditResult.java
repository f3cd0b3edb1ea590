package dev.rexd.api.fs;

/**
 * Result of {@code fs.edit}.
 *
 * {@code
 * int n = result.replacements();
 * }
 */
public record FsEditResult(String path, long bytesWritten, long mtime, boolean created, int replacements) {}
