package dev.rexd.api.fs;

/**
 * Result of {@code fs.write}.
 *
 * {@code
 * long stamp = result.mtime(); // pass as expected_mtime on the next write
 * }
 */
public record FsWriteResult(String path, long bytesWritten, long mtime, boolean created) {}
