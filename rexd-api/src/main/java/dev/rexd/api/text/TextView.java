package dev.rexd.api.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Renders a terminal's output stream as the text a terminal would show, a line at a time: escape
 * sequences (CSI, OSC, DCS, SOS, PM, APC and the short {@code ESC} forms) are removed, a carriage
 * return moves back to the start of the line so later text overwrites it (a {@code \r} progress bar
 * ends as its final state), a backspace moves one character back, and erase-in-line ({@code CSI K})
 * and horizontal cursor moves ({@code CSI G}, {@code C}, {@code D}) act on the line. UTF-8 split
 * across chunks is carried over; invalid bytes become U+FFFD. Each line is handed to the consumer
 * when its {@code \n} arrives (without the {@code \n}); the unfinished line is {@link #pendingLine()}.
 *
 * <p>Lines are the stream's lines, not the screen's: text is never wrapped at a width, except that
 * a line longer than {@code maxLineChars} is handed over in pieces of that length, which bounds the
 * memory a view holds. Movements to other lines (cursor up, scroll regions, full-screen programs)
 * are ignored, a tab stays a tab, other control characters are dropped, and a character counts as
 * one column whatever its width. Not thread-safe.
 *
 * <pre>{@code
 * TextView view = new TextView(line -> System.out.println(line));
 * view.write("50%\r100%\u001b[K done\n".getBytes(UTF_8));   // prints "100% done"
 * String all = TextView.render(bytes);                         // the whole output as text
 * }</pre>
 */
public final class TextView {
  /** The longest line a view holds before handing it over in pieces. */
  public static final int DEFAULT_MAX_LINE_CHARS = 64 * 1024;

  private static final int ESC = 0x1B;
  private static final int BEL = 0x07;
  private static final int MAX_PARAM_CHARS = 32;

  private enum State { GROUND, ESCAPE, ESCAPE_INTERMEDIATE, CSI, STRING, STRING_ESCAPE }

  private final Consumer<String> lines;
  private final int maxLineChars;
  private final Utf8Stream utf8 = new Utf8Stream(this::accept);

  private int[] line = new int[80];
  private int length;
  private int column;

  private State state = State.GROUND;
  private boolean belEndsString;
  private final StringBuilder csiParams = new StringBuilder();
  private boolean csiPlain;

  /** A view that hands every finished line to {@code lines}. */
  public TextView(Consumer<String> lines) {
    this(lines, DEFAULT_MAX_LINE_CHARS);
  }

  /** A view that hands lines longer than {@code maxLineChars} over in pieces of that length. */
  public TextView(Consumer<String> lines, int maxLineChars) {
    if (maxLineChars < 1) {
      throw new IllegalArgumentException("maxLineChars must be positive: " + maxLineChars);
    }
    this.lines = lines;
    this.maxLineChars = maxLineChars;
  }

  /** The whole of {@code output} as text: its lines joined by {@code \n}, then the unfinished line. */
  public static String render(byte[] output) {
    StringBuilder text = new StringBuilder(output.length);
    TextView view = new TextView(l -> text.append(l).append('\n'));
    view.write(output, 0, output.length);
    view.finishInput();
    return text.append(view.pendingLine()).toString();
  }

  /** {@link #render(byte[])} for output already decoded to text. */
  public static String render(String output) {
    return render(output.getBytes(StandardCharsets.UTF_8));
  }

  /** Feeds the next chunk of the stream. */
  public void write(byte[] bytes, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
    utf8.write(bytes, offset, length);
  }

  /** Feeds the next chunk of the stream, already decoded. */
  public void write(CharSequence text) {
    text.codePoints().forEach(this::accept);
  }

  /** The line being written, as it shows now ({@code ""} when none has started). */
  public String pendingLine() {
    return new String(line, 0, length);
  }

  /** Whether the line being written has any text. */
  public boolean hasPendingLine() {
    return length > 0;
  }

  /**
   * Ends the input: an unfinished UTF-8 character becomes U+FFFD and an unfinished escape sequence
   * is dropped. The unfinished line stays in {@link #pendingLine()}; {@link #finish()} hands it over.
   */
  public void finishInput() {
    utf8.finish();
    state = State.GROUND;
  }

  /** {@link #finishInput()}, then hands over the unfinished line if it has text. */
  public void finish() {
    finishInput();
    if (length > 0) {
      endLine();
    }
  }

  private void accept(int c) {
    switch (state) {
      case GROUND -> ground(c);
      case ESCAPE -> escape(c);
      case ESCAPE_INTERMEDIATE -> escapeIntermediate(c);
      case CSI -> csi(c);
      case STRING -> string(c);
      case STRING_ESCAPE -> stringEscape(c);
    }
  }

  private void ground(int c) {
    if (c == ESC) {
      state = State.ESCAPE;
    } else if (c < 0x20 || c == 0x7F) {
      control(c);
    } else if (c < 0x80 || c > 0x9F) {
      put(c);
    }
    // C1 controls (U+0080..U+009F) show nothing
  }

  /** C0 controls, acted on in every state as a terminal does; other ones show nothing. */
  private void control(int c) {
    switch (c) {
      case '\n', 0x0B, 0x0C -> endLine();
      case '\r' -> column = 0;
      case '\b' -> column = Math.max(0, column - 1);
      case '\t' -> put('\t');
      default -> { }
    }
  }

  private void escape(int c) {
    switch (c) {
      case '[' -> {
        csiParams.setLength(0);
        csiPlain = true;
        state = State.CSI;
      }
      case ']' -> openString(true);
      case 'P', 'X', '^', '_' -> openString(false);
      case ESC -> state = State.ESCAPE;
      default -> {
        if (c >= 0x20 && c <= 0x2F) {
          state = State.ESCAPE_INTERMEDIATE;
        } else if (c < 0x20) {
          cancelOrControl(c);
        } else {
          state = State.GROUND; // a final byte: ESC 7, ESC M, ESC =, ...
        }
      }
    }
  }

  private void escapeIntermediate(int c) {
    if (c < 0x20) {
      cancelOrControl(c);
    } else if (c == ESC) {
      state = State.ESCAPE;
    } else if (c > 0x2F) {
      state = State.GROUND; // ESC ( B and the like
    }
  }

  private void csi(int c) {
    if (c >= 0x40 && c <= 0x7E) {
      state = State.GROUND;
      if (csiPlain) {
        csiFinal(c);
      }
    } else if (c == ESC) {
      state = State.ESCAPE;
    } else if (c < 0x20) {
      cancelOrControl(c);
    } else if (c >= 0x30 && c <= 0x3F) {
      if ((c == ';' || (c >= '0' && c <= '9')) && csiParams.length() < MAX_PARAM_CHARS) {
        csiParams.append((char) c);
      } else {
        csiPlain = false; // private markers (?, >, <, =), ':' sub-parameters, absurd lengths
      }
    } else {
      csiPlain = false; // intermediates or anything else: not a sequence this view acts on
    }
  }

  private void csiFinal(int c) {
    switch (c) {
      case 'K' -> eraseInLine(param(0, 0));
      case 'G', '`' -> moveTo(Math.max(1, param(0, 1)) - 1);
      case 'C', 'a' -> moveTo(column + Math.max(1, param(0, 1)));
      case 'D' -> column = Math.max(0, column - Math.max(1, param(0, 1)));
      default -> { }
    }
  }

  private void openString(boolean osc) {
    belEndsString = osc;
    state = State.STRING;
  }

  private void string(int c) {
    if (c == ESC) {
      state = State.STRING_ESCAPE;
    } else if (c == 0x9C || (c == BEL && belEndsString) || c == 0x18 || c == 0x1A) {
      state = State.GROUND;
    }
  }

  private void stringEscape(int c) {
    if (c == '\\') {
      state = State.GROUND;
    } else {
      state = State.ESCAPE; // an ESC that is not a string terminator starts a new sequence
      escape(c);
    }
  }

  /** CAN and SUB cancel a sequence; other C0 controls act and the sequence goes on. */
  private void cancelOrControl(int c) {
    if (c == 0x18 || c == 0x1A) {
      state = State.GROUND;
    } else {
      control(c);
    }
  }

  private int param(int index, int absent) {
    int start = 0;
    for (int i = 0; i < index; i++) {
      start = csiParams.indexOf(";", start) + 1;
      if (start == 0) {
        return absent;
      }
    }
    int end = csiParams.indexOf(";", start);
    String digits = csiParams.substring(start, end < 0 ? csiParams.length() : end);
    if (digits.isEmpty()) {
      return absent;
    }
    return digits.length() > 6 ? maxLineChars : Integer.parseInt(digits);
  }

  private void eraseInLine(int mode) {
    if (mode == 0) {
      length = Math.min(length, column);
    } else if (mode == 1) {
      Arrays.fill(line, 0, Math.min(length, column + 1), ' ');
    } else if (mode == 2) {
      length = 0;
    }
  }

  private void moveTo(int target) {
    column = Math.min(target, maxLineChars - 1);
  }

  private void put(int c) {
    if (column >= maxLineChars) {
      endLine();
    }
    if (column >= line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineChars, Math.max(column + 1, line.length * 2)));
    }
    if (column > length) {
      Arrays.fill(line, length, column, ' ');
    }
    line[column++] = c;
    length = Math.max(length, column);
  }

  private void endLine() {
    String text = new String(line, 0, length);
    length = 0;
    column = 0;
    if (line.length > 4096) {
      line = new int[80];
    }
    lines.accept(text);
  }
}
