package dev.rexd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rexd.core.auth.Authenticator;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code [[auth.tokens]]}, {@code [auth.jwt]}, the legacy {@code auth_token} and {@code [console] enabled}. */
class AuthConfigTest {
  private static final String SECRET = "a-config-hs256-secret-of-32-bytes-or-more";

  @Test
  void namedTokensCarryTheirRoleAndTheLegacyTokenIsAnOperator() {
    RexdConfig c = RexdConfig.parse("""
        [server]
        auth_token = "legacy-secret"
        [[auth.tokens]]
        name = "ci-bot"
        token_sha256 = "%s"
        role = "agent"
        [[auth.tokens]]
        name = "vera"
        token_sha256 = "%s"
        role = "viewer"
        """.formatted(TokenTable.sha256Hex("bot-secret"), TokenTable.sha256Hex("vera-secret")), "auth.toml");
    Authenticator auth = c.authenticator(Map.of());
    assertThat(auth.authenticate("bot-secret")).isEqualTo(new Principal("ci-bot", Role.AGENT));
    assertThat(auth.authenticate("vera-secret")).isEqualTo(new Principal("vera", Role.VIEWER));
    assertThat(auth.authenticate("legacy-secret")).isEqualTo(new Principal(RexdConfig.LEGACY_PRINCIPAL, Role.OPERATOR));
    assertThat(auth.authenticate(TokenTable.sha256Hex("bot-secret"))).as("the hash is not the token").isNull();
    assertThat(c.authenticator(Map.of(RexdConfig.TOKEN_ENV, "env-secret")).authenticate("env-secret"))
        .isEqualTo(new Principal(RexdConfig.LEGACY_PRINCIPAL, Role.OPERATOR));
    assertThat(RexdConfig.defaults().authenticator(Map.of())).isSameAs(Authenticator.NONE);
  }

  @Test
  void aJwtSectionChecksIssuerAudienceAndTheRoleClaim() throws Exception {
    RexdConfig c = RexdConfig.parse("""
        [auth.jwt]
        issuer = "https://sso.test"
        audience = "rexd"
        hs256_secret = "%s"
        role_claim = "rexd_role"
        """.formatted(SECRET), "jwt.toml");
    Authenticator auth = c.authenticator(Map.of());
    assertThat(auth.authenticate(jwt(claims().claim("rexd_role", "operator")))).isEqualTo(new Principal("alice", Role.OPERATOR));
    assertThat(auth.authenticate(jwt(claims().claim("role", "operator")))).as("the configured claim only").isNull();
    assertThat(auth.authenticate(jwt(claims().claim("rexd_role", "viewer").audience("other")))).isNull();
  }

  @Test
  void badAuthEntriesAreErrorsThatSayWhere() {
    assertThatThrownBy(() -> RexdConfig.parse("[[auth.tokens]]\nname = \"x\"\ntoken_sha256 = \"%s\"\n"
        .formatted(TokenTable.sha256Hex("t")), "a.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("[[auth.tokens]] #1").hasMessageContaining("role");
    assertThatThrownBy(() -> RexdConfig.parse("[[auth.tokens]]\nname = \"x\"\ntoken_sha256 = \"%s\"\nrole = \"root\"\n"
        .formatted(TokenTable.sha256Hex("t")), "a.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("agent, viewer or operator");
    assertThatThrownBy(() -> RexdConfig.parse("[[auth.tokens]]\nname = \"x\"\ntoken_sha256 = \"abc\"\nrole = \"agent\"\n",
        "a.toml")).isInstanceOf(ConfigException.class).hasMessageContaining("64 hex digits");
    assertThatThrownBy(() -> RexdConfig.parse("[auth.jwt]\nhs256_secret = \"%s\"\njwks_file = \"/x\"\n"
        .formatted(SECRET), "a.toml")).isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> RexdConfig.parse("[auth.jwt]\naudience = \"rexd\"\n", "a.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one");
    assertThatThrownBy(() -> RexdConfig.parse("[[auth.tokens]]\nname = \"x\"\ntoken = \"clear\"\n", "a.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.tokens.token");
  }

  @Test
  void theConsoleIsOnByDefaultOnlyWhenCredentialsAreConfigured() {
    String tokens = "[[auth.tokens]]\nname = \"vera\"\ntoken_sha256 = \"%s\"\nrole = \"viewer\"\n"
        .formatted(TokenTable.sha256Hex("v"));
    assertThat(RexdConfig.defaults().consoleEnabled(Map.of())).isFalse();
    assertThat(RexdConfig.parse(tokens, "c.toml").consoleEnabled(Map.of())).isTrue();
    assertThat(RexdConfig.parse("[auth.jwt]\nhs256_secret = \"%s\"\n".formatted(SECRET), "c.toml")
        .consoleEnabled(Map.of())).isTrue();
    assertThat(RexdConfig.defaults().consoleEnabled(Map.of(RexdConfig.TOKEN_ENV, "t"))).isTrue();
    assertThat(RexdConfig.parse(tokens + "[console]\nenabled = false\n", "c.toml").consoleEnabled(Map.of())).isFalse();
    assertThat(RexdConfig.parse("[console]\nenabled = true\n", "c.toml").consoleEnabled(Map.of())).isTrue();
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().subject("alice").issuer("https://sso.test").audience("rexd")
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private static String jwt(JWTClaimsSet.Builder claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
