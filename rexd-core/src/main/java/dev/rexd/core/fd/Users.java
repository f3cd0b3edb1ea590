package dev.rexd.core.fd;

/**
 * Who this process runs as.
 *
 * <pre>{@code
 * if (owner != Users.effectiveUid()) { ... ignore it ... }
 * }</pre>
 */
public final class Users {
  private Users() {}

  /** The effective user id ({@code geteuid}). */
  public static int effectiveUid() {
    return Posix.geteuid();
  }
}
