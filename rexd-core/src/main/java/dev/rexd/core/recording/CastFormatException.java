package dev.rexd.core.recording;

/**
 * A file that is not an asciicast v2 or v3 recording at all (its header is missing or wrong).
 *
 * <pre>{@code
 * try { new CastReader(in); } catch (CastFormatException e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class CastFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CastFormatException(String message) {
    super(message);
  }
}
