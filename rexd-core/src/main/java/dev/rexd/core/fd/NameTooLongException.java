package dev.rexd.core.fd;

import java.nio.file.FileSystemException;

/**
 * A name or path longer than the file system allows ({@code ENAMETOOLONG}).
 *
 * <pre>{@code
 * catch (NameTooLongException e) { // -32602 name_too_long }
 * }</pre>
 */
public final class NameTooLongException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  public NameTooLongException(String path) {
    super(path, null, "file name too long");
  }
}
