package dev.rexd.api.fs;

import org.jspecify.annotations.Nullable;

/**
 * Result of {@code fs.stat}; a missing path is {@code exists: false} with the other fields absent.
 * {@code mode} is the {@code ls}-style string, {@code permissions} [ext] the octal one. For a
 * symlink, {@code target_type} [ext] is what it resolves to: {@code file}, {@code dir},
 * {@code symlink} (never: links are followed), {@code other} or {@code missing}; absent when it
 * resolves outside the session's roots.
 *
 * <pre>{@code
 * if (stat.exists() && stat.type() == EntryType.FILE) { ... }
 * boolean dirLike = stat.type() == EntryType.DIR || "dir".equals(stat.targetType());
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
    @Nullable String symlinkTarget,
    @Nullable String targetType) {

  /** The result for a path that does not exist. */
  public static FsStatResult missing(String path) {
    return new FsStatResult(path, false, null, null, null, null, null, null, null, null, null);
  }
}
