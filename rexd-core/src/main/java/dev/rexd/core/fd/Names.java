package dev.rexd.core.fd;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * File names as the kernel sees them: bytes in the JVM's file name encoding
 * ({@code sun.jnu.encoding}, as {@link java.nio.file.Path} uses), NUL-terminated on the way in.
 *
 * <pre>{@code
 * byte[] cName = Names.bytes("notes.txt");    // "notes.txt\0"
 * }</pre>
 */
final class Names {
  static final Charset CHARSET = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  private Names() {}

  /** {@code name} encoded and NUL-terminated. */
  static byte[] bytes(String name) {
    byte[] b = name.getBytes(CHARSET);
    return Arrays.copyOf(b, b.length + 1);
  }

  static String string(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, CHARSET);
  }
}
