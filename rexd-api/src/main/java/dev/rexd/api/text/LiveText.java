package dev.rexd.api.text;

/**
 * A terminal's output stream as append-only text for someone reading along: each line as a
 * terminal shows it once its {@code \n} arrives (through a {@link TextView}), and, when asked
 * ({@link #flushPending()}, say after a pause), the unfinished line as it shows so far, so a prompt
 * is seen before it is answered. Text once handed out is never taken back: when the rest of a line
 * extends what was handed out, only the rest follows; when the line was redrawn into something
 * else (a {@code \r} progress bar), its new state follows on a line of its own. Every returned
 * string is to be appended to the ones before. Not thread-safe.
 *
 * <pre>{@code
 * LiveText text = new LiveText();
 * text.write(bytes, 0, n);    // "total 8\n" once the line ended, "" while it has not
 * text.flushPending();        // "Password: " after a pause; later text of the line follows it
 * text.finish();              // at the end: what is left of the unfinished line, no "\n" added
 * }</pre>
 */
public final class LiveText {
  private final StringBuilder ready = new StringBuilder();
  private final TextView view;
  /** What of the unfinished line was handed out already. */
  private String sent = "";

  /** Lines longer than {@link TextView#DEFAULT_MAX_LINE_CHARS} are handed out in pieces. */
  public LiveText() {
    this(TextView.DEFAULT_MAX_LINE_CHARS);
  }

  /** Lines longer than {@code maxLineChars} are handed out in pieces of that length. */
  public LiveText(int maxLineChars) {
    this.view = new TextView(this::lineEnded, maxLineChars);
  }

  /** Feeds the next bytes of the stream; returns the text of the lines they ended ({@code ""}: none). */
  public String write(byte[] bytes, int offset, int length) {
    view.write(bytes, offset, length);
    return take();
  }

  /** Whether the unfinished line shows text not handed out yet. */
  public boolean hasPending() {
    return view.hasPendingLine() && !view.pendingLine().equals(sent);
  }

  /** The unfinished line's text not handed out yet ({@code ""}: nothing new), without a {@code \n}. */
  public String flushPending() {
    String shown = view.pendingLine();
    if (shown.isEmpty() || shown.equals(sent)) {
      return "";
    }
    String text = continuation(shown);
    sent = shown;
    return text;
  }

  /** Ends the stream: the unfinished line's text not handed out yet (a broken character as U+FFFD). */
  public String finish() {
    view.finishInput();
    return take() + flushPending();
  }

  private void lineEnded(String line) {
    ready.append(continuation(line)).append('\n');
    sent = "";
  }

  /** What follows the handed-out part of a line to show {@code shown}. */
  private String continuation(String shown) {
    if (sent.isEmpty()) {
      return shown;
    }
    return shown.startsWith(sent) ? shown.substring(sent.length()) : "\n" + shown;
  }

  private String take() {
    String text = ready.toString();
    ready.setLength(0);
    return text;
  }
}
