package dev.rexd.core.recording;

import dev.rexd.api.text.Utf8Stream;

/**
 * One output stream's text, chunk by chunk: a character split across chunks comes whole with the
 * later chunk, bytes that are not UTF-8 come as U+FFFD. Not thread-safe.
 */
final class Utf8Chunks {
  private final StringBuilder text = new StringBuilder();
  private final Utf8Stream utf8 = new Utf8Stream(text::appendCodePoint);

  /** The text of {@code length} more bytes that is complete. */
  String decode(byte[] bytes, int offset, int length) {
    utf8.write(bytes, offset, length);
    return take();
  }

  /** Ends the stream: an unfinished character becomes U+FFFD. */
  String finish() {
    utf8.finish();
    return take();
  }

  private String take() {
    String s = text.toString();
    text.setLength(0);
    return s;
  }
}
