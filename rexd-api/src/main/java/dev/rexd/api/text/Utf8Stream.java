package dev.rexd.api.text;

import java.util.function.IntConsumer;

/**
 * Decodes UTF-8 bytes that arrive in chunks into code points: a character split across chunks is
 * carried to the next one, and every maximal ill-formed subsequence becomes one U+FFFD (the
 * Unicode "substitution of maximal subparts" rule, as browsers decode). Not thread-safe.
 *
 * <pre>{@code
 * StringBuilder text = new StringBuilder();
 * Utf8Stream utf8 = new Utf8Stream(text::appendCodePoint);
 * utf8.write(new byte[] {'h', (byte) 0xC3}, 0, 2);  // text: "h"
 * utf8.write(new byte[] {(byte) 0xA9}, 0, 1);       // text: "hé"
 * utf8.finish();
 * }</pre>
 */
public final class Utf8Stream {
  static final int REPLACEMENT = 0xFFFD;

  private final IntConsumer out;
  private int needed;
  private int codePoint;
  private int lower = 0x80;
  private int upper = 0xBF;

  /** A decoder that hands each code point to {@code out}. */
  public Utf8Stream(IntConsumer out) {
    this.out = out;
  }

  /** Decodes the next chunk. */
  public void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      accept(bytes[i] & 0xFF);
    }
  }

  /** Ends the stream: an unfinished character becomes U+FFFD. */
  public void finish() {
    if (needed > 0) {
      reset();
      out.accept(REPLACEMENT);
    }
  }

  private void accept(int b) {
    if (needed == 0) {
      lead(b);
      return;
    }
    if (b < lower || b > upper) {
      reset();
      out.accept(REPLACEMENT);
      lead(b);
      return;
    }
    lower = 0x80;
    upper = 0xBF;
    codePoint = (codePoint << 6) | (b & 0x3F);
    if (--needed == 0) {
      out.accept(codePoint);
    }
  }

  private void lead(int b) {
    if (b < 0x80) {
      out.accept(b);
    } else if (b >= 0xC2 && b <= 0xDF) {
      start(1, b & 0x1F);
    } else if (b >= 0xE0 && b <= 0xEF) {
      lower = b == 0xE0 ? 0xA0 : 0x80;
      upper = b == 0xED ? 0x9F : 0xBF;
      start(2, b & 0x0F);
    } else if (b >= 0xF0 && b <= 0xF4) {
      lower = b == 0xF0 ? 0x90 : 0x80;
      upper = b == 0xF4 ? 0x8F : 0xBF;
      start(3, b & 0x07);
    } else {
      out.accept(REPLACEMENT);
    }
  }

  private void start(int continuationBytes, int bits) {
    needed = continuationBytes;
    codePoint = bits;
  }

  private void reset() {
    needed = 0;
    codePoint = 0;
    lower = 0x80;
    upper = 0xBF;
  }
}
