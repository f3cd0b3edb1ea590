package dev.rexd.core.recording;

/**
 * One event of a recording as read back: its time since the start in microseconds, its code and
 * its data.
 *
 * <pre>{@code
 * if (event.code().equals(CastEvent.OUTPUT)) out.print(event.data());
 * }</pre>
 */
public record CastEvent(long atMicros, String code, String data) {
  /** Output to the terminal. */
  public static final String OUTPUT = "o";
  /** Input typed into the terminal. */
  public static final String INPUT = "i";
  /** A resize; data is {@code COLSxROWS}. */
  public static final String RESIZE = "r";
  /** A marker; data is its label. */
  public static final String MARKER = "m";
  /** The recorded program's exit (v3 only); data is its status. */
  public static final String EXIT = "x";
}
