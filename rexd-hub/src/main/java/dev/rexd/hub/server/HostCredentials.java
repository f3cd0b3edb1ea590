package dev.rexd.hub.server;

import dev.rexd.core.auth.JwtAuthenticator;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.hub.wire.HubProtocol;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Who may connect as a host: the tokens of {@code [[hub.hosts]] name, token_sha256} (stored as
 * SHA-256, compared in constant time by {@link TokenTable}; a token names exactly one host), and,
 * when configured, JWTs whose {@code host} claim names the host.
 *
 * <pre>{@code
 * HostCredentials hosts = HostCredentials.of(Map.of("web-1", TokenTable.sha256Hex("s3cret")), null);
 * HostCredentials.Match m = hosts.identify("s3cret");   // web-1
 * }</pre>
 */
final class HostCredentials {
  private final TokenTable tokens;
  private final @Nullable JwtAuthenticator jwt;

  /**
   * A host a credential stands for.
   *
   * @param credential what "the same credential" means for it: the token's SHA-256, or for a JWT
   *     (which a host renews) the SHA-256 of its verified host name
   */
  record Match(String host, byte[] credential) {}

  private HostCredentials(TokenTable tokens, @Nullable JwtAuthenticator jwt) {
    this.tokens = tokens;
    this.jwt = jwt;
  }

  /**
   * @param sha256ByName each host's token hash by its name
   * @param jwt verifies host JWTs by their {@code host} claim; null for none
   * @throws IllegalArgumentException for an invalid name or hash
   */
  static HostCredentials of(Map<String, String> sha256ByName, @Nullable JwtAuthenticator jwt) {
    TokenTable.Builder b = TokenTable.builder();
    sha256ByName.forEach((name, sha) -> b.add(HubProtocol.checkHostName(name), sha, Role.AGENT));
    return new HostCredentials(b.build(), jwt);
  }

  /** The host this credential stands for, or null. */
  @Nullable Match identify(String credential) {
    Principal p = tokens.authenticate(credential);
    if (p != null) {
      return new Match(p.name(), sha256(credential));
    }
    String host = jwt == null ? null : jwt.verifiedClaim(credential, dev.rexd.core.config.RexdConfig.HOST_CLAIM);
    return host == null ? null : new Match(host, sha256("jwt host " + host));
  }

  private static byte[] sha256(String s) {
    return HexFormat.of().parseHex(TokenTable.sha256Hex(s));
  }
}
