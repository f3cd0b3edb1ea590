package dev.rexd.transport.http.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Applies the token, Origin and Host checks of {@link HttpSecurity} (protocol section 7) to every
 * request it sees, before the servlet behind it runs: a refused request is answered
 * {@code 400}/{@code 401}/{@code 403} with a JSON-RPC error body and goes no further; an admitted
 * one carries its {@link HttpCaller} as the request attribute {@link HttpCaller#ATTRIBUTE}.
 * {@link RexdHttpServer} puts it in front of {@code /rpc}, {@code /ws} and every
 * {@linkplain RexdHttpServer.Builder#mount mounted} servlet (not {@code /healthz}); in a host's own
 * container, map it to the same paths, with async support so {@link RpcServlet} can answer long
 * calls asynchronously.
 *
 * <pre>{@code
 * FilterRegistration.Dynamic guard = ctx.addFilter("rexd-security", new RexdSecurityFilter(security));
 * guard.setAsyncSupported(true);
 * guard.addMappingForUrlPatterns(null, false, "/rpc", "/ws", "/console/*");
 * }</pre>
 */
public final class RexdSecurityFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  private final transient HttpSecurity security;
  private final boolean pages;

  public RexdSecurityFilter(HttpSecurity security) {
    this(security, false);
  }

  private RexdSecurityFilter(HttpSecurity security, boolean pages) {
    this.security = security;
    this.pages = pages;
  }

  /**
   * The Origin and Host checks without the token check, for pages that load before their user
   * signs in (the console): see {@link HttpSecurity#checkPage}.
   */
  public static RexdSecurityFilter forPages(HttpSecurity security) {
    return new RexdSecurityFilter(security, true);
  }

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
      throws IOException, ServletException {
    if (pages) {
      HttpSecurity.Refusal refusal = security.checkPage(req);
      if (refusal != null) {
        JsonResponses.refuse(req, resp, refusal);
        return;
      }
      chain.doFilter(req, resp);
    } else if (admit(security, req, resp) != null) {
      chain.doFilter(req, resp);
    }
  }

  /**
   * Checks one request unless a filter in front already admitted it: the caller, or null after
   * the refusal was written to {@code resp}. A WebSocket upgrade may carry the token as a
   * {@code rexd.bearer.*} subprotocol.
   */
  public static @Nullable HttpCaller admit(HttpSecurity security, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    HttpCaller known = HttpCaller.of(req);
    if (known != null) {
      return known;
    }
    boolean upgrade = isWebSocketUpgrade(req);
    HttpSecurity.Refusal refusal = security.check(req, upgrade);
    if (refusal != null) {
      JsonResponses.refuse(req, resp, refusal);
      return null;
    }
    HttpCaller caller = security.caller(req, upgrade);
    req.setAttribute(HttpCaller.ATTRIBUTE, caller);
    return caller;
  }

  /** Whether the request asks to become a WebSocket. */
  static boolean isWebSocketUpgrade(HttpServletRequest req) {
    String upgrade = req.getHeader("Upgrade");
    return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
  }
}
