package dev.rexd.core.fd;

/**
 * One name in a directory and what it is (a symlink is not followed).
 *
 * <pre>{@code
 * for (DirEntry e : dir.entries()) { if (e.kind() == DirEntry.Kind.DIR) { ... } }
 * }</pre>
 */
public record DirEntry(String name, Kind kind) {
  /** What a directory entry is. */
  public enum Kind { FILE, DIR, SYMLINK, OTHER }
}
