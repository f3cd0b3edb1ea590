package dev.rexd.core.fd;

import java.nio.file.FileSystemException;

/**
 * A symlink was met where the checked path had none: something renamed a component of the path
 * between the root policy's check and the open. Nothing was opened; check the path again.
 *
 * <pre>{@code
 * try { ... } catch (PathChangedException raced) { // resolve and check again }
 * }</pre>
 */
public final class PathChangedException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  public PathChangedException(String path) {
    super(path, null, "a symlink appeared in the path while it was opened");
  }
}
