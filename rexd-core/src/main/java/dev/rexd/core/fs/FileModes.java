package dev.rexd.core.fs;

import dev.rexd.api.fs.EntryType;
import dev.rexd.core.fd.FileStat;

/**
 * How a file's kind and mode are shown on the wire: {@code file|dir|symlink|other}, the
 * {@code ls}-style mode string and the octal permissions.
 *
 * <pre>{@code
 * FileModes.lsString(0100644);  // "-rw-r--r--"
 * FileModes.lsString(040755);   // "drwxr-xr-x"
 * FileModes.octal(0100644);     // "0644"
 * }</pre>
 */
final class FileModes {
  private static final int TYPE_MASK = 0170000;
  private static final int SETUID = 04000;
  private static final int SETGID = 02000;
  private static final int STICKY = 01000;

  private FileModes() {}

  /** The entry type of a file (a symlink itself, not followed). */
  static EntryType typeOf(FileStat st) {
    if (st.isSymbolicLink()) {
      return EntryType.SYMLINK;
    }
    if (st.isDirectory()) {
      return EntryType.DIR;
    }
    return st.isRegularFile() ? EntryType.FILE : EntryType.OTHER;
  }

  /** The {@code ls -l} mode string of a {@code st_mode} value, with setuid, setgid and sticky bits. */
  static String lsString(int mode) {
    StringBuilder s = new StringBuilder(10).append(typeChar(mode));
    triplet(s, mode >> 6, (mode & SETUID) != 0, 's');
    triplet(s, mode >> 3, (mode & SETGID) != 0, 's');
    triplet(s, mode, (mode & STICKY) != 0, 't');
    return s.toString();
  }

  /** The permission and special bits as four octal digits, e.g. {@code "0644"}. */
  static String octal(int mode) {
    int bits = mode & 07777;
    return new String(new char[] {
        (char) ('0' + (bits >> 9)), (char) ('0' + (bits >> 6 & 7)), (char) ('0' + (bits >> 3 & 7)), (char) ('0' + (bits & 7))});
  }

  private static char typeChar(int mode) {
    switch (mode & TYPE_MASK) {
      case 0140000: return 's';
      case 0120000: return 'l';
      case 0100000: return '-';
      case 0060000: return 'b';
      case 0040000: return 'd';
      case 0020000: return 'c';
      case 0010000: return 'p';
      default: return '?';
    }
  }

  private static void triplet(StringBuilder s, int bits, boolean special, char specialChar) {
    s.append((bits & 4) != 0 ? 'r' : '-');
    s.append((bits & 2) != 0 ? 'w' : '-');
    boolean exec = (bits & 1) != 0;
    if (special) {
      s.append(exec ? specialChar : Character.toUpperCase(specialChar));
    } else {
      s.append(exec ? 'x' : '-');
    }
  }
}
