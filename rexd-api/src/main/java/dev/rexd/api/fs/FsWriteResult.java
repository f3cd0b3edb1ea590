package dev.rexd.api.fs;

/**
 * Result of {@code fs.write}.
 *
 * <pre>{@code
 * long stamp = result.mtime(); // pass as expected_mtime on the next write
 * }</pre>
 */
public record FsWriteResult(String path, long bytesWritten, long mtime, boolean created) {}
