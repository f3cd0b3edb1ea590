package dev.rexd.transport.http.server;

import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who made an HTTP request that passed the checks of {@link HttpSecurity}: set as the request
 * attribute {@link #ATTRIBUTE} by {@link RexdSecurityFilter} before any rexd or mounted servlet
 * runs, so a servlet behind the filter knows the caller without looking at headers again.
 *
 * <pre>{@code
 * protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
 *   HttpCaller caller = HttpCaller.of(req);   // never null behind the filter
 *   resp.getWriter().println("hello, " + caller.principal());
 * }
 * }</pre>
 *
 * @param principal the name of the caller: a named token's name or a JWT's {@code sub},
 *     {@link #TOKEN_PRINCIPAL} for the holder of the single configured token, {@link #ANONYMOUS}
 *     when the server needs no token
 * @param role what the caller may do
 * @param credential how the caller proved it
 */
public record HttpCaller(String principal, Role role, Credential credential) {
  /** The request attribute that holds the {@link HttpCaller}. */
  public static final String ATTRIBUTE = HttpCaller.class.getName();

  /** The principal of a caller that presented the server's token. */
  public static final String TOKEN_PRINCIPAL = "token";

  /** The principal of a caller of a server that needs no token. */
  public static final String ANONYMOUS = "anonymous";

  /** How a caller proved who it is. */
  public enum Credential {
    /** {@code Authorization: Bearer <token or JWT>}. */
    BEARER_HEADER,
    /** The WebSocket subprotocol {@code rexd.bearer.<token>}. */
    BEARER_SUBPROTOCOL,
    /** Nothing: the server needs no token. */
    NONE
  }

  /** The caller as the server's calls see it. */
  public Principal asPrincipal() {
    return new Principal(principal, role);
  }

  /** The caller of a request that passed the checks, or null when none were applied to it. */
  public static @Nullable HttpCaller of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof HttpCaller c ? c : null;
  }
}
