package dev.rexd.agent;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Cuts text that is too long for a model's context to its head and its tail: together at most
 * {@code budget} bytes of UTF-8, half each, never splitting a character, with one line between
 * them saying how many bytes were left out and, for a process, how to read them.
 *
 * <pre>{@code
 * HeadTail.cut(bytes, 16384, "p_3", 0)
 * // "...head...\n[… 48211 bytes omitted — read with process_output("p_3", 8190)]\n...tail..."
 * }</pre>
 */
final class HeadTail {
  private HeadTail() {}

  /**
   * {@code text} (UTF-8) whole if it fits {@code budget}, else cut. {@code offset} is where
   * {@code text} starts in the process's output, so the note names the right place to read on.
   */
  static String cut(byte[] text, int budget, @Nullable String processId, long offset) {
    if (text.length <= budget) {
      return new String(text, StandardCharsets.UTF_8);
    }
    int headEnd = characterStart(text, budget / 2);
    int tailStart = text.length - (budget - budget / 2);
    while (tailStart < text.length && (text[tailStart] & 0xC0) == 0x80) {
      tailStart++;
    }
    String head = new String(text, 0, headEnd, StandardCharsets.UTF_8);
    String tail = new String(text, tailStart, text.length - tailStart, StandardCharsets.UTF_8);
    long omitted = tailStart - headEnd;
    String where = processId == null ? ""
        : " — read with process_output(\"" + processId + "\", " + (offset + headEnd) + ")";
    return head + (head.endsWith("\n") || head.isEmpty() ? "" : "\n") + "[… " + omitted + " bytes omitted" + where
        + "]\n" + tail;
  }

  /** The start of the character that byte {@code i} belongs to. */
  static int characterStart(byte[] text, int i) {
    while (i > 0 && i < text.length && (text[i] & 0xC0) == 0x80) {
      i--;
    }
    return i;
  }
}
