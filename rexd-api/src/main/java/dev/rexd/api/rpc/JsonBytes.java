package dev.rexd.api.rpc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON text built as UTF-8 bytes, for frames whose bulk is a string of bytes: strings are escaped
 * the way Jackson's generators escape them ({@code \"}, {@code \\}, {@code \n} and the other short
 * forms, {@code \}{@code u00XX} for the other control characters, everything else as it is), and
 * the runs between escapes are copied whole, found eight bytes at a time. Not thread-safe.
 *
 * <pre>{@code
 * byte[] json = new JsonBytes(64).ascii("{\"data\":").string(utf8).ascii("}").toByteArray();
 * }</pre>
 */
final class JsonBytes {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';
  private static final long SPACES = ONES * ' ';
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  /** For each ASCII byte: 0 when it goes out as it is, else the letter after the backslash. */
  private static final byte[] ESCAPES = new byte[0x80];

  static {
    Arrays.fill(ESCAPES, 0, 0x20, (byte) 'u');
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
  }

  private byte[] buf;
  private int size;

  JsonBytes(int capacity) {
    buf = new byte[capacity];
  }

  /** Appends ASCII text as it is (punctuation, names, numbers). */
  JsonBytes ascii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      buf[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  /** Appends a JSON string of {@code text}. */
  JsonBytes string(String text) {
    return string(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends a JSON string whose value is the valid UTF-8 {@code utf8}. */
  JsonBytes string(byte[] utf8) {
    ensure(utf8.length + 2);
    buf[size++] = '"';
    int from = 0;
    for (int at; (at = nextEscape(utf8, from)) < utf8.length; from = at + 1) {
      append(utf8, from, at - from);
      byte e = ESCAPES[utf8[at]];
      ensure(e == 'u' ? 6 : 2);
      buf[size++] = '\\';
      buf[size++] = e;
      if (e == 'u') {
        buf[size++] = '0';
        buf[size++] = '0';
        buf[size++] = HEX[utf8[at] >> 4];
        buf[size++] = HEX[utf8[at] & 0xf];
      }
    }
    append(utf8, from, utf8.length - from);
    ensure(1);
    buf[size++] = '"';
    return this;
  }

  /** Appends a JSON string of bytes that need no escaping (base64), as they are. */
  JsonBytes quoted(byte[] plain) {
    ensure(plain.length + 2);
    buf[size++] = '"';
    append(plain, 0, plain.length);
    buf[size++] = '"';
    return this;
  }

  /** Appends what {@code other} holds. */
  JsonBytes append(JsonBytes other) {
    append(other.buf, 0, other.size);
    return this;
  }

  int size() {
    return size;
  }

  /** The text; the builder's own array when it is exactly full. */
  byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }

  /**
   * The index of the first byte at or after {@code i} that must be escaped (a control character,
   * {@code "} or {@code \}), or {@code b.length}. Eight bytes at a time: {@code (v - n) & ~v & HIGHS}
   * flags the bytes of {@code v} below {@code n} among those without the high bit (non-ASCII bytes
   * never need escaping), exactly for the first flagged byte; equality is a byte below 1 after XOR.
   */
  private static int nextEscape(byte[] b, int i) {
    for (; i <= b.length - Long.BYTES; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i);
      long q = x ^ QUOTES;
      long s = x ^ BACKSLASHES;
      long found = ((x - SPACES) & ~x | (q - ONES) & ~q | (s - ONES) & ~s) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (i < b.length && (b[i] < 0 || ESCAPES[b[i]] == 0)) {
      i++;
    }
    return i;
  }

  private void append(byte[] b, int from, int length) {
    ensure(length);
    System.arraycopy(b, from, buf, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size + more, buf.length + (buf.length >> 1)));
    }
  }
}
