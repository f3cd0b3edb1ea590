package dev.rexd.core.recording;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a byte stream that arrives in chunks as UTF-8: a character split across two chunks is
 * decoded whole, bytes that are not UTF-8 become U+FFFD. One instance per stream; not thread-safe.
 *
 * <pre>{@code
 * Utf8Chunks stdout = new Utf8Chunks();
 * String a = stdout.decode(new byte[] {'h', (byte) 0xC3}, 0, 2);  // "h"
 * String b = stdout.decode(new byte[] {(byte) 0xA9}, 0, 1);       // "é"
 * String rest = stdout.finish();                                  // "" (or "\uFFFD" for a cut tail)
 * }</pre>
 */
public final class Utf8Chunks {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final byte[] pending = new byte[4];
  private int pendingLength;

  /** The text of {@code length} more bytes; an incomplete character at the end waits for the next chunk. */
  public String decode(byte[] bytes, int offset, int length) {
    ByteBuffer in;
    if (pendingLength == 0) {
      in = ByteBuffer.wrap(bytes, offset, length);
    } else {
      in = ByteBuffer.allocate(pendingLength + length);
      in.put(pending, 0, pendingLength).put(bytes, offset, length).flip();
      pendingLength = 0;
    }
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    while (in.hasRemaining()) {
      pending[pendingLength++] = in.get();
    }
    return out.flip().toString();
  }

  /** Ends the stream: an incomplete character left over becomes U+FFFD. */
  public String finish() {
    ByteBuffer in = ByteBuffer.wrap(pending, 0, pendingLength);
    pendingLength = 0;
    CharBuffer out = CharBuffer.allocate(8);
    decoder.decode(in, out, true);
    decoder.flush(out);
    decoder.reset();
    return out.flip().toString();
  }
}
