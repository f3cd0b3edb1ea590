package dev.rexd.core.process;

import dev.rexd.api.Encoding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Turns the bytes of one output stream, read by read, into wire chunks: {@code utf8} when a chunk
 * is valid UTF-8, {@code base64} otherwise, never altering a byte (protocol section 4).
 *
 * <p>A multi-byte character split across two reads is not sent broken: its first bytes are carried
 * into the next chunk. If the next bytes do not complete it, or the stream ends first, the carried
 * bytes go out in a {@code base64} chunk. Stream-agnostic: exec pipes and PTY output share it. One
 * instance per stream; not thread-safe.
 *
 * <pre>{@code
 * ChunkEncoder enc = new ChunkEncoder();
 * for (int n; (n = in.read(buf)) >= 0; ) {
 *   ChunkEncoder.Chunk c = enc.feed(buf, 0, n);   // null when every byte was carried
 *   if (c != null) send(c.data(), c.encoding());
 * }
 * ChunkEncoder.Chunk last = enc.flush();           // carried bytes at EOF, or null
 * }</pre>
 */
public final class ChunkEncoder {
  private static final int INVALID = -1;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGHS = 0x8080808080808080L;

  private final byte[] carry = new byte[3];
  private int carried;

  /**
   * One chunk ready to send: the exact bytes and the encoding they travel in.
   *
   * @param bytes the chunk's bytes (owned by the chunk; do not modify)
   * @param encoding {@code UTF8} when {@code bytes} are valid UTF-8, else {@code BASE64}
   */
  public record Chunk(byte[] bytes, Encoding encoding) {
    /** The {@code data} field: the text itself for {@code utf8}, base64 of the bytes otherwise. */
    public String data() {
      return encoding == Encoding.UTF8
          ? new String(bytes, StandardCharsets.UTF_8)
          : Base64.getEncoder().encodeToString(bytes);
    }
  }

  /**
   * The chunk for the next {@code len} bytes of the stream (after any bytes carried from the last
   * call), or null when they are all carried into the next chunk. Reads {@code buf} without
   * keeping it: the chunk's bytes are a copy, made once.
   */
  public @Nullable Chunk feed(byte[] buf, int off, int len) {
    byte[] in = buf;
    int from = off;
    int end = off + len;
    if (carried > 0) {   // rare: a character split across reads; validate it with what follows
      in = new byte[carried + len];
      System.arraycopy(carry, 0, in, 0, carried);
      System.arraycopy(buf, off, in, carried, len);
      from = 0;
      end = in.length;
      carried = 0;
    }
    int cut = validPrefix(in, from, end);
    if (cut == INVALID) {
      return new Chunk(Arrays.copyOfRange(in, from, end), Encoding.BASE64);
    }
    carried = end - cut;
    System.arraycopy(in, cut, carry, 0, carried);
    return cut == from ? null : new Chunk(Arrays.copyOfRange(in, from, cut), Encoding.UTF8);
  }

  /** The bytes still carried at the end of the stream (an incomplete character), or null. */
  public @Nullable Chunk flush() {
    if (carried == 0) {
      return null;
    }
    Chunk c = new Chunk(Arrays.copyOf(carry, carried), Encoding.BASE64);
    carried = 0;
    return c;
  }

  /**
   * The end of the longest prefix of {@code b[from, end)} that is complete, valid UTF-8, when the
   * rest (at most 3 bytes) is the valid start of one more character; {@link #INVALID} when the
   * range holds a byte sequence no continuation could make valid (RFC 3629: no overlong forms, no
   * surrogates, nothing above U+10FFFF). Runs of ASCII are skipped eight bytes at a time.
   */
  private static int validPrefix(byte[] b, int from, int end) {
    int i = from;
    while (i < end) {
      if (i <= end - Long.BYTES && ((long) LONGS.get(b, i) & HIGHS) == 0) {
        i += Long.BYTES;
        continue;
      }
      int lead = b[i];
      if (lead >= 0) {
        i++;
        continue;
      }
      lead &= 0xff;
      int need;
      int lo = 0x80;
      int hi = 0xbf;
      if (lead >= 0xc2 && lead <= 0xdf) {
        need = 1;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 2;
        if (lead == 0xe0) {
          lo = 0xa0;
        } else if (lead == 0xed) {
          hi = 0x9f;
        }
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 3;
        if (lead == 0xf0) {
          lo = 0x90;
        } else if (lead == 0xf4) {
          hi = 0x8f;
        }
      } else {
        return INVALID;
      }
      int available = Math.min(need, end - i - 1);
      for (int k = 1; k <= available; k++) {
        int c = b[i + k] & 0xff;
        boolean ok = k == 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf;
        if (!ok) {
          return INVALID;
        }
      }
      if (available < need) {
        return i;
      }
      i += need + 1;
    }
    return end;
  }
}
