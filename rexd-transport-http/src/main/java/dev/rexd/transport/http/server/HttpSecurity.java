package dev.rexd.transport.http.server;

import dev.rexd.core.auth.Authenticator;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who may call a rexd over HTTP and WebSocket (protocol section 7), checked on every
 * {@code POST} and every upgrade before anything else is read:
 *
 * <ul>
 *   <li><b>Token</b>: with credentials set (a token, named tokens with roles, a JWT key),
 *       {@code Authorization: Bearer <credential>} or, for browsers that cannot set headers on a
 *       WebSocket, the subprotocol {@code rexd.bearer.<credential>}; tokens compared by their
 *       SHA-256 in constant time, JWTs verified; otherwise {@code 401}. The credential names the
 *       caller ({@link #caller}). Credentials are never read from URLs.
 *   <li><b>Origin</b>: a request with an {@code Origin} header must come from the server's own
 *       origin (the scheme and {@code Host} of the request) or from an allowed origin; otherwise
 *       {@code 403}. Requests without {@code Origin} (non-browser clients) pass.
 *   <li><b>Host</b>: without a token, only requests addressed to a loopback host
 *       ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) are answered ({@code 403}
 *       otherwise), so a web page cannot reach a tokenless local rexd through DNS rebinding.
 *       {@link Builder#insecure(boolean)} lifts this for deliberately open servers.
 *   <li><b>One credential</b>: a request with more than one {@code Authorization} header is
 *       {@code 400}.
 * </ul>
 *
 * <pre>{@code
 * HttpSecurity security = HttpSecurity.builder()
 *     .token(System.getenv("REXD_AUTH_TOKEN"))
 *     .allowedOrigins(List.of("https://ide.example.com"))
 *     .build();
 * }</pre>
 */
public final class HttpSecurity {
  /** The WebSocket subprotocol prefix that carries a token: {@code rexd.bearer.<token>}. */
  public static final String BEARER_SUBPROTOCOL_PREFIX = "rexd.bearer.";

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final String BEARER = "Bearer ";

  private final @Nullable Authenticator authenticator;
  private final Set<String> allowedOrigins;
  private final boolean insecure;

  /**
   * Why a request was refused.
   *
   * @param status the HTTP status ({@code 400}, {@code 401} or {@code 403})
   * @param reason a stable snake_case word for {@code data.reason}
   * @param message a human explanation
   */
  public record Refusal(int status, String reason, String message) {}

  private HttpSecurity(Builder b) {
    List<Authenticator> auth = new ArrayList<>();
    if (b.token != null) {
      auth.add(TokenTable.builder().addClear(HttpCaller.TOKEN_PRINCIPAL, b.token, Role.OPERATOR).build());
    }
    if (b.authenticator != null) {
      auth.add(b.authenticator);
    }
    this.authenticator = auth.isEmpty() ? null : Authenticator.anyOf(auth);
    this.allowedOrigins = Collections.unmodifiableSet(new LinkedHashSet<>(b.origins));
    this.insecure = b.insecure;
  }

  /** A builder: no token, no extra origins, loopback hosts only. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether a token is required. */
  public boolean requiresToken() {
    return authenticator != null;
  }

  /** The allowed origins besides the server's own, normalised ({@code scheme://host[:port]}). */
  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  /**
   * Checks one request; {@code upgrade} also accepts the token as a {@code rexd.bearer.*}
   * subprotocol. Returns null when the request may proceed.
   */
  public @Nullable Refusal check(HttpServletRequest request, boolean upgrade) {
    if (Collections.list(request.getHeaders("Authorization")).size() > 1) {
      // which one counts would depend on the reader; a proxy may check one and pass both
      return new Refusal(400, "duplicate_authorization", "more than one Authorization header");
    }
    return check(request.getScheme(), request.getHeader("Host"), request.getHeader("Origin"),
        request.getHeader("Authorization"), upgrade ? offeredSubprotocols(request) : List.of());
  }

  /**
   * The Origin and Host checks alone, for pages anyone may load before signing in (the console's
   * files, which hold no secret): the page then authenticates its own calls.
   */
  public @Nullable Refusal checkPage(HttpServletRequest request) {
    return originAndHost(request.getScheme(), request.getHeader("Host"), request.getHeader("Origin"));
  }

  @Nullable Refusal check(String scheme, @Nullable String host, @Nullable String origin,
      @Nullable String authorization, List<String> subprotocols) {
    Refusal where = originAndHost(scheme, host, origin);
    if (where != null) {
      return where;
    }
    if (identify(authorization, subprotocols) == null) {
      return new Refusal(401, "unauthorized",
          authorization == null && subprotocols.isEmpty() ? "missing bearer token" : "invalid bearer token");
    }
    return null;
  }

  private @Nullable Refusal originAndHost(String scheme, @Nullable String host, @Nullable String origin) {
    if (authenticator == null && !insecure && host != null && !isLoopbackHost(host)) {
      return new Refusal(403, "host_not_allowed",
          "a server without auth_token only answers requests addressed to a loopback host, not " + host);
    }
    if (origin != null && !originAllowed(origin, scheme, host)) {
      return new Refusal(403, "origin_not_allowed", "origin not allowed: " + origin);
    }
    return null;
  }

  /**
   * The subprotocol to echo in the upgrade response: the first offered {@code rexd.bearer.*}
   * that carries a valid credential (any, when no credential is required), or null.
   */
  public @Nullable String acceptedSubprotocol(List<String> offered) {
    for (String p : offered) {
      if (p.startsWith(BEARER_SUBPROTOCOL_PREFIX)
          && (authenticator == null || authenticator.authenticate(p.substring(BEARER_SUBPROTOCOL_PREFIX.length())) != null)) {
        return p;
      }
    }
    return null;
  }

  /** The subprotocols a client offered in {@code Sec-WebSocket-Protocol}, in order. */
  static List<String> offeredSubprotocols(HttpServletRequest request) {
    List<String> out = new ArrayList<>();
    for (String header : Collections.list(request.getHeaders("Sec-WebSocket-Protocol"))) {
      for (String p : header.split(",")) {
        if (!p.isBlank()) {
          out.add(p.trim());
        }
      }
    }
    return out;
  }

  /**
   * The caller of a request that {@link #check} let through: the principal its token or JWT
   * stands for, or {@link HttpCaller#ANONYMOUS} (an operator) on a server without credentials.
   */
  public HttpCaller caller(HttpServletRequest request, boolean upgrade) {
    HttpCaller caller = identify(request.getHeader("Authorization"), upgrade ? offeredSubprotocols(request) : List.of());
    if (caller == null) {
      throw new IllegalStateException("the request did not pass the checks");
    }
    return caller;
  }

  /** Who the request's credential names, anonymous when none is needed, null when it names nobody. */
  private @Nullable HttpCaller identify(@Nullable String authorization, List<String> subprotocols) {
    Authenticator auth = authenticator;
    if (auth == null) {
      return new HttpCaller(HttpCaller.ANONYMOUS, Role.OPERATOR, HttpCaller.Credential.NONE);
    }
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      Principal p = auth.authenticate(authorization.substring(BEARER.length()).trim());
      if (p != null) {
        return new HttpCaller(p.name(), p.role(), HttpCaller.Credential.BEARER_HEADER);
      }
    }
    for (String s : subprotocols) {
      if (s.startsWith(BEARER_SUBPROTOCOL_PREFIX)) {
        Principal p = auth.authenticate(s.substring(BEARER_SUBPROTOCOL_PREFIX.length()));
        if (p != null) {
          return new HttpCaller(p.name(), p.role(), HttpCaller.Credential.BEARER_SUBPROTOCOL);
        }
      }
    }
    return null;
  }

  private boolean originAllowed(String origin, String scheme, @Nullable String host) {
    String normalized = normalizeOrigin(origin);
    if (normalized == null) {
      return false;
    }
    if (allowedOrigins.contains(normalized)) {
      return true;
    }
    return host != null && normalized.equals(normalizeOrigin(scheme + "://" + host));
  }

  /** {@code scheme://host[:port]} in lower case without a default port, or null if not an origin. */
  static @Nullable String normalizeOrigin(String origin) {
    try {
      URI u = new URI(origin.trim());
      if (u.getScheme() == null || u.getHost() == null) {
        return null;
      }
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      int port = u.getPort();
      boolean defaultPort = port == 80 && (scheme.equals("http") || scheme.equals("ws"))
          || port == 443 && (scheme.equals("https") || scheme.equals("wss"));
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Whether a {@code Host} header names {@code localhost} or a loopback address literal (no DNS). */
  static boolean isLoopbackHost(String hostHeader) {
    String h = hostHeader.trim().toLowerCase(Locale.ROOT);
    String name;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      name = end < 0 ? h : h.substring(1, end);
    } else {
      int colon = h.indexOf(':');
      name = colon < 0 ? h : h.substring(0, colon);
    }
    if (name.equals("localhost")) {
      return true;
    }
    if (!name.contains(":") && !IPV4.matcher(name).matches()) {
      return false; // a name other than localhost: never resolved here
    }
    try {
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builds an {@link HttpSecurity}. */
  public static final class Builder {
    private @Nullable String token;
    private @Nullable Authenticator authenticator;
    private final List<String> origins = new ArrayList<>();
    private boolean insecure;

    private Builder() {}

    /** The bearer token every request must carry; null or empty for none. */
    public Builder token(@Nullable String token) {
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /**
     * Who may call besides the {@link #token} holder: named tokens with roles, JWTs (see
     * {@code RexdConfig.authenticator}); null or {@link Authenticator#NONE} for nobody else.
     */
    public Builder authenticator(@Nullable Authenticator authenticator) {
      this.authenticator = authenticator == Authenticator.NONE ? null : authenticator;
      return this;
    }

    /**
     * Browser origins allowed besides the server's own, as {@code scheme://host[:port]}.
     *
     * @throws IllegalArgumentException for an entry that is not an origin
     */
    public Builder allowedOrigins(Collection<String> allowed) {
      for (String o : allowed) {
        String n = normalizeOrigin(o);
        if (n == null) {
          throw new IllegalArgumentException("not an origin: '" + o + "' (expected scheme://host[:port])");
        }
        origins.add(n);
      }
      return this;
    }

    /** Without a token, also answer requests addressed to non-loopback hosts (default false). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    public HttpSecurity build() {
      return new HttpSecurity(this);
    }
  }
}
