package dev.rexd.core.auth;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which principal may make which call (protocol section 9.3). A method without a session needs
 * the role {@link #requiredRole} names; a method naming a session is allowed to its owner, to
 * viewers when it only reads ({@code session.info}, {@code exec.wait}, {@code exec.output},
 * {@code session.watch}), and to operators when it is one of the actions on other principals'
 * sessions ({@code pty.input}, {@code pty.resize}, {@code exec.kill}, {@code exec.input},
 * {@code pty.close}, {@code session.close}). {@code recording.list} and {@code recording.get} are
 * open to every role and filtered by {@link #mayRead}. Anything else is {@code -32001 forbidden_role} for a
 * viewer or operator, and {@code session_not_found} for an agent, which learns nothing about
 * other sessions.
 *
 * <pre>{@code
 * AccessRules.checkRole("server.sessions", principal);               // -32001 for an agent
 * AccessRules.checkSession("exec.kill", principal, session.owner()); // ok for an operator
 * }</pre>
 */
public final class AccessRules {
  private static final Map<String, Role> METHOD_ROLES = Map.of(
      "server.sessions", Role.VIEWER,
      "server.watch", Role.VIEWER,
      "server.unwatch", Role.VIEWER,
      "approval.list", Role.OPERATOR,
      "approval.decide", Role.OPERATOR);
  private static final Set<String> READ_OTHERS = Set.of(
      "session.info", "exec.wait", "exec.output", "session.watch", "session.unwatch");
  private static final Set<String> ACT_ON_OTHERS = Set.of(
      "pty.input", "pty.resize", "exec.kill", "exec.input", "pty.close", "session.close");
  /** Open to every role; the handler shows each principal only what {@link #mayRead} allows. */
  private static final Set<String> FILTERED = Set.of("recording.list", "recording.get");

  private AccessRules() {}

  /** The role a call of {@code method} needs before any session is looked at. */
  public static Role requiredRole(String method) {
    return METHOD_ROLES.getOrDefault(method, Role.AGENT);
  }

  /**
   * Refuses a call whose principal lacks {@link #requiredRole}. Methods that name a session are
   * checked again, against its owner, by {@link #checkSession}; so a viewer passes here for them.
   */
  public static void checkRole(String method, Principal principal) {
    Role needed = requiredRole(method);
    boolean sessionMethod = READ_OTHERS.contains(method) || ACT_ON_OTHERS.contains(method);
    if (FILTERED.contains(method)) {
      return;
    }
    if (!principal.role().includes(needed) && !(sessionMethod && principal.role().includes(Role.VIEWER))) {
      throw forbiddenRole(method, principal, needed);
    }
  }

  /** Refuses a call of {@code method} by {@code principal} on a session {@code owner} opened. */
  public static void checkSession(String method, Principal principal, Principal owner, String sessionId) {
    Role role = principal.role();
    if (principal.sameAs(owner) && role.includes(Role.AGENT)) {
      return;
    }
    if (READ_OTHERS.contains(method) && role.includes(Role.VIEWER)) {
      return;
    }
    if (ACT_ON_OTHERS.contains(method) && role.includes(Role.OPERATOR)) {
      return;
    }
    if (role.includes(Role.VIEWER)) {
      throw forbiddenRole(method, principal, principal.sameAs(owner) ? Role.AGENT : Role.OPERATOR)
          .with("session_id", sessionId);
    }
    throw RexdException.sessionNotFound(sessionId);
  }

  /**
   * Whether {@code reader} may read what a session of the principal named {@code owner} left
   * behind (its recordings): viewers and operators read every one, an agent only its own; an
   * owner that is not known (null) is readable by viewers and operators only.
   */
  public static boolean mayRead(Principal reader, @Nullable String owner) {
    Role role = reader.role();
    return role.includes(Role.VIEWER) || role.includes(Role.AGENT) && reader.name().equals(owner);
  }

  /** {@code -32001 forbidden_role} naming the method and the role it needs. */
  public static RexdException forbiddenRole(String method, Principal principal, Role needed) {
    return RexdException.of(ErrorCode.UNAUTHORIZED, Reasons.FORBIDDEN_ROLE,
            method + " needs role " + needed.wireName() + "; " + principal.name() + " is "
                + principal.role().wireName())
        .with("method", method).with("role", principal.role().wireName()).with("required_role", needed.wireName());
  }
}
