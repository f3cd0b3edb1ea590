package dev.rexd.core.fd;

/**
 * What {@code statx} reports about one file, without following a final symlink unless asked.
 *
 * <pre>{@code
 * FileStat st = dir.stat("notes.txt");
 * if (st != null && st.isRegularFile() && st.links() > 1) { ... }
 * }</pre>
 *
 * @param mode {@code st_mode}: the file type and permission bits
 * @param links the hard link count
 * @param mtimeMillis the modification time in milliseconds since the epoch
 */
public record FileStat(int mode, long links, int uid, int gid, long size, long mtimeMillis, long device, long inode) {
  private static final int TYPE_MASK = 0170000;

  public boolean isDirectory() {
    return (mode & TYPE_MASK) == 0040000;
  }

  public boolean isRegularFile() {
    return (mode & TYPE_MASK) == 0100000;
  }

  public boolean isSymbolicLink() {
    return (mode & TYPE_MASK) == 0120000;
  }

  /** The permission and special bits ({@code 07777}). */
  public int permissions() {
    return mode & 07777;
  }

  /** Whether both name the same file (device and inode). */
  public boolean sameFile(FileStat other) {
    return device == other.device && inode == other.inode;
  }
}
