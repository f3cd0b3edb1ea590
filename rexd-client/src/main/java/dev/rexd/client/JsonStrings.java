package dev.rexd.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The value of a JSON string straight from the UTF-8 bytes of a frame the parser has already
 * checked: runs without escapes are copied as they are, escapes are decoded to UTF-8, and no
 * {@code String} is made. {@code \}{@code u} escapes of a surrogate pair become one 4-byte
 * character; a lone surrogate becomes {@code ?}, as {@code String.getBytes(UTF_8)} would make it.
 *
 * <pre>{@code
 * byte[] value = JsonStrings.unescape(frame, quote, frame.length);   // frame[quote] == '"'
 * }</pre>
 */
final class JsonStrings {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';

  private JsonStrings() {}

  /**
   * The bytes of the well-formed JSON string whose opening quote is at {@code quote}; {@code end}
   * bounds the frame.
   */
  static byte[] unescape(byte[] b, int quote, int end) {
    int from = quote + 1;
    int special = nextQuoteOrBackslash(b, from, end);
    if (b[special] == '"') {
      return Arrays.copyOfRange(b, from, special);
    }
    byte[] out = new byte[end - from];
    int n = 0;
    while (true) {
      System.arraycopy(b, from, out, n, special - from);
      n += special - from;
      if (b[special] == '"') {
        return Arrays.copyOf(out, n);
      }
      byte e = b[special + 1];
      from = special + 2;
      if (e == 'u') {
        int c = hex(b, from);
        from += 4;
        if (Character.isHighSurrogate((char) c) && b[from] == '\\' && b[from + 1] == 'u'
            && Character.isLowSurrogate((char) hex(b, from + 2))) {
          c = Character.toCodePoint((char) c, (char) hex(b, from + 2));
          from += 6;
        }
        n = putUtf8(out, n, c);
      } else {
        out[n++] = switch (e) {
          case 'b' -> '\b';
          case 'f' -> '\f';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          default -> e; // '"', '\\', '/'
        };
      }
      special = nextQuoteOrBackslash(b, from, end);
    }
  }

  /**
   * The index of the first {@code "} or {@code \} at or after {@code i}, eight bytes at a time (a
   * byte equal to the pattern becomes a zero byte, and {@code (x - ONES) & ~x & HIGHS} flags the
   * first zero byte of {@code x} exactly).
   */
  static int nextQuoteOrBackslash(byte[] b, int i, int end) {
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i);
      long q = x ^ QUOTES;
      long s = x ^ BACKSLASHES;
      long found = ((q - ONES) & ~q | (s - ONES) & ~s) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (b[i] != '"' && b[i] != '\\') {
      i++;
    }
    return i;
  }

  private static int hex(byte[] b, int i) {
    return Character.digit(b[i], 16) << 12 | Character.digit(b[i + 1], 16) << 8
        | Character.digit(b[i + 2], 16) << 4 | Character.digit(b[i + 3], 16);
  }

  private static int putUtf8(byte[] out, int n, int c) {
    if (c < 0x80) {
      out[n++] = (byte) c;
    } else if (c < 0x800) {
      out[n++] = (byte) (0xc0 | c >> 6);
      out[n++] = (byte) (0x80 | c & 0x3f);
    } else if (Character.isSurrogate((char) c)) {
      out[n++] = '?';
    } else if (c < 0x10000) {
      out[n++] = (byte) (0xe0 | c >> 12);
      out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
      out[n++] = (byte) (0x80 | c & 0x3f);
    } else {
      out[n++] = (byte) (0xf0 | c >> 18);
      out[n++] = (byte) (0x80 | c >> 12 & 0x3f);
      out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
      out[n++] = (byte) (0x80 | c & 0x3f);
    }
    return n;
  }
}
