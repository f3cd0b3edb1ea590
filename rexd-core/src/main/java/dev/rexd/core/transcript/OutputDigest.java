package dev.rexd.core.transcript;

import dev.rexd.api.text.TextView;
import java.io.ByteArrayOutputStream;

/**
 * A process's combined output, kept within a byte budget: all of it while it fits, else its head
 * and its tail (each cut at a line break when one is near), rendered as a terminal shows text
 * with a {@code [… N bytes omitted …]} line between, N counting the raw bytes left out.
 *
 * <pre>{@code
 * OutputDigest digest = new OutputDigest(16384);
 * digest.write(chunk, 0, n);
 * String text = digest.text();
 * }</pre>
 */
public final class OutputDigest {
  private static final int MARKER_ROOM = 64;

  private final int budget;
  private final int half;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final byte[] tail;
  private int tailStart;
  private int tailLength;
  private long total;

  /** A digest whose text keeps within {@code maxBytes} of raw output plus the omission line. */
  public OutputDigest(int maxBytes) {
    this.budget = maxBytes;
    this.half = (maxBytes - MARKER_ROOM) / 2;
    this.tail = new byte[budget];
  }

  /** Adds output; memory stays within twice the budget whatever the total. */
  public synchronized void write(byte[] bytes, int offset, int length) {
    total += length;
    int toHead = (int) Math.min(length, Math.max(0, budget - head.size()));
    head.write(bytes, offset, toHead);
    for (int i = 0; i < length; i++) { // the last `budget` bytes, as a ring
      tail[(tailStart + tailLength) % tail.length] = bytes[offset + i];
      if (tailLength < tail.length) {
        tailLength++;
      } else {
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  /** How many bytes were written in all. */
  public synchronized long totalBytes() {
    return total;
  }

  /** The output as text, head and tail around an omission line when it did not fit. */
  public synchronized String text() {
    if (total <= budget) {
      return TextView.render(head.toByteArray());
    }
    byte[] h = head.toByteArray();
    int headEnd = cutAfterLastNewline(h, half);
    byte[] t = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      t[i] = tail[(tailStart + i) % tail.length];
    }
    int tailFrom = cutAfterFirstNewline(t, t.length - half);
    long omitted = total - headEnd - (t.length - tailFrom);
    String headText = TextView.render(java.util.Arrays.copyOf(h, headEnd));
    String tailText = TextView.render(java.util.Arrays.copyOfRange(t, tailFrom, t.length));
    String gap = headText.isEmpty() || headText.endsWith("\n") ? "" : "\n";
    return headText + gap + "[… " + omitted + " bytes omitted …]\n" + tailText;
  }

  /** The end of the first {@code limit} bytes, moved back to just after a newline if one is near. */
  private static int cutAfterLastNewline(byte[] b, int limit) {
    for (int i = limit - 1; i >= limit - limit / 4; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return limit;
  }

  /** {@code from}, moved on to just after the next newline if one is near. */
  private static int cutAfterFirstNewline(byte[] b, int from) {
    for (int i = from; i < Math.min(b.length, from + (b.length - from) / 4); i++) {
      if (b[i] == '\n') {
        return i + 1 < b.length ? i + 1 : from;
      }
    }
    return from;
  }
}
