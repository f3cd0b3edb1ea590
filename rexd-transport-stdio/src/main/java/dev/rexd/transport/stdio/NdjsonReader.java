package dev.rexd.transport.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited frames from a byte stream with a bound on the line length: a line longer
 * than the bound is skipped to its end and reported by length, never buffered whole. {@code \r\n}
 * endings are accepted; blank lines are skipped. A line is handed out as a view of the reader's
 * buffer (valid until the next call), so bytes need not become text.
 *
 * <pre>{@code
 * NdjsonReader r = new NdjsonReader(System.in, 16 << 20);
 * for (NdjsonReader.Line l; (l = r.next()) != null; ) {
 *   if (l.oversized()) reject(l.length()); else handle(l.bytes(), (int) l.length());
 * }
 * }</pre>
 */
public final class NdjsonReader {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line = new byte[1024];
  private int lineLength;

  /**
   * One line: the first {@code length} bytes of {@code bytes} (the reader's buffer, valid until its
   * next call), or for an oversized line only its length.
   */
  public record Line(byte @Nullable [] bytes, long length) {
    public boolean oversized() {
      return bytes == null;
    }

    /** The line decoded as UTF-8 text. */
    public String text() {
      if (bytes == null) {
        throw new IllegalStateException("an oversized line has no text");
      }
      return new String(bytes, 0, (int) length, StandardCharsets.UTF_8);
    }

    /** Whether the line holds only whitespace. */
    boolean isBlank() {
      if (bytes == null) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        byte b = bytes[i];
        if (b < 0) {
          return text().isBlank(); // non-ASCII: let Unicode decide
        }
        if (!Character.isWhitespace(b)) {
          return false;
        }
      }
      return true;
    }
  }

  public NdjsonReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next non-blank line, or null at end of stream (a last line without newline counts). */
  public @Nullable Line next() throws IOException {
    while (true) {
      Line l = readLine();
      if (l == null) {
        return null;
      }
      if (!l.isBlank()) {
        return l;
      }
    }
  }

  private @Nullable Line readLine() throws IOException {
    lineLength = 0;
    long total = 0;
    boolean sawAny = false;
    while (true) {
      if (pos == limit) {
        limit = in.read(buffer);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return sawAny ? finish(total) : null;
        }
      }
      sawAny = true;
      int start = pos;
      while (pos < limit && buffer[pos] != '\n') {
        pos++;
      }
      int n = pos - start;
      total += n;
      if (total <= maxLineBytes + 1L) {
        append(start, n);
      }
      if (pos < limit) {
        pos++;
        return finish(total);
      }
    }
  }

  private Line finish(long total) {
    int len = lineLength;
    long length = total;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
      length--;
    }
    if (length > maxLineBytes) {
      return new Line(null, length);
    }
    return new Line(line, length);
  }

  private void append(int start, int n) {
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(buffer, start, line, lineLength, n);
    lineLength += n;
  }
}
