package dev.rexd.core.auth;

import java.util.Objects;

/**
 * Who makes a call: a name (a token's name, a JWT's {@code sub}, the OS user on stdio) and its
 * role. Travels with every call into dispatch, the session it opens, and the audit log.
 *
 * <pre>{@code
 * Principal alice = new Principal("alice", Role.OPERATOR);
 * server.connect(transport, false, alice);
 * }</pre>
 */
public record Principal(String name, Role role) {
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }

  /** The OS user running this JVM, an operator: what a stdio or in-process caller is. */
  public static Principal localUser() {
    return new Principal(System.getProperty("user.name", "local"), Role.OPERATOR);
  }

  /** Whether this principal is {@code other}'s principal (same name). */
  public boolean sameAs(Principal other) {
    return name.equals(other.name);
  }
}
