package dev.rexd.hub.server;

import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.hub.wire.HubProtocol;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The hosts a hub accepts ({@code [[hub.hosts]] name, token_sha256}): each token stored as its
 * SHA-256 and compared in constant time ({@link TokenTable}); a token names exactly one host.
 *
 * <pre>{@code
 * HostCredentials hosts = HostCredentials.of(Map.of("web-1", TokenTable.sha256Hex("s3cret")));
 * String name = hosts.hostFor("s3cret");   // "web-1"
 * }</pre>
 */
final class HostCredentials {
  private final TokenTable tokens;

  private HostCredentials(TokenTable tokens) {
    this.tokens = tokens;
  }

  /**
   * @param sha256ByName each host's token hash by its name
   * @throws IllegalArgumentException for an invalid name or hash
   */
  static HostCredentials of(Map<String, String> sha256ByName) {
    TokenTable.Builder b = TokenTable.builder();
    sha256ByName.forEach((name, sha) -> b.add(HubProtocol.checkHostName(name), sha, Role.AGENT));
    return new HostCredentials(b.build());
  }

  /** The host this token belongs to, or null. */
  @Nullable String hostFor(String token) {
    Principal p = tokens.authenticate(token);
    return p == null ? null : p.name();
  }
}
