package dev.rexd.core.auth;

import java.util.Locale;

/**
 * What a principal may do (protocol section 9.3), each role including the one before it:
 * {@code agent} opens sessions and uses its own; {@code viewer} also sees every session,
 * read-only; {@code operator} also acts on any session and decides approvals.
 *
 * <pre>{@code
 * if (!principal.role().includes(Role.VIEWER)) throw AccessRules.forbiddenRole(method, Role.VIEWER);
 * }</pre>
 */
public enum Role {
  AGENT,
  VIEWER,
  OPERATOR;

  /** Whether this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return needed == AGENT ? this != VIEWER : compareTo(needed) >= 0;
  }

  /** The wire and config name: {@code agent}, {@code viewer}, {@code operator}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role with this name.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Role parse(String name) {
    for (Role r : values()) {
      if (r.wireName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + name + "' (expected agent, viewer or operator)");
  }
}
