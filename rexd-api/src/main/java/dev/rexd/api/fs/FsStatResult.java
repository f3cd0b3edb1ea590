package dev.rexd.api.fs;

import org.jspecify.annotations.Nullable;

/**
 * Result of {@code fs.stat}; a missing path is {@code exists: false} with the other fields absent.
 * {@code mode} is the {@code ls}-style string, {@code permissions} [ext] the octal one.
 *
 * <pre>{@code
 * if (stat.exists() && stat.type() == EntryType.FILE) { ... }
 * }</pre>
 */
public record FsStatResult(
    String path,
    boolean exists,
    @Nullable EntryType type,
    @Nullable Long size,
    @Nullable Long mtime,
    @Nullable String mode,
    @Nullable String permissions,
    @Nullable Integer uid,
    @Nullable Integer gid,
    @Nullable String symlinkTarget) {

  /** The result for a path that does not exist. */
  public static FsStatResult missing(String path) {
    return new FsStatResult(path, false, null, null, null, null, null, null, null, null);
  }
}
