package dev.rexd.core.fd;

/**
 * How {@link Dir#openFile} opens a file.
 *
 * <pre>{@code
 * dir.openFile("log.txt", OpenMode.APPEND, 0666);
 * }</pre>
 */
public enum OpenMode {
  /** Read only; the file must exist. */
  READ,
  /** Write, creating the file if missing; nothing is truncated. */
  WRITE,
  /** Write a file that must not exist yet ({@code -EEXIST} otherwise). */
  CREATE_NEW,
  /** Append, creating the file if missing. */
  APPEND
}
