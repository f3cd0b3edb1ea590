package dev.rexd.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT checks with keys generated here: every way a token can be wrong is refused. */
class JwtAuthenticatorTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
  private static RSAKey rsa;
  private static ECKey ec;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("r1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("e1").generate();
  }

  private static JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().subject("alice").issuer("https://sso.test").audience("rexd")
        .expirationTime(Date.from(now.plusSeconds(600))).notBeforeTime(Date.from(now.minusSeconds(5)))
        .claim("role", "operator");
  }

  private static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet c) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), c);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static JwtAuthenticator.Builder checked() {
    return JwtAuthenticator.builder().issuer("https://sso.test").audience("rexd");
  }

  @Test
  void hs256RsAndEsTokensNameTheirSubjectAndRole() throws Exception {
    assertThat(checked().hs256Secret(SECRET).build()
        .authenticate(sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims().build())))
        .isEqualTo(new Principal("alice", Role.OPERATOR));
    assertThat(checked().publicKey(rsa.toRSAPublicKey()).build()
        .authenticate(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, claims().claim("role", "viewer").build())))
        .isEqualTo(new Principal("alice", Role.VIEWER));
    assertThat(checked().publicKey(ec.toECPublicKey()).build()
        .authenticate(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, claims().claim("role", "agent").build())))
        .isEqualTo(new Principal("alice", Role.AGENT));
  }

  @Test
  void aJwksFileWithTheRightKeyAccepts() throws Exception {
    JwtAuthenticator jwt = checked().jwks(new JWKSet(java.util.List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString())
        .build();
    assertThat(jwt.authenticate(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, claims().build()))).isNotNull();
    assertThat(jwt.authenticate(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, claims().build()))).isNotNull();
  }

  @Test
  void wrongKeyExpiredNotYetValidWrongAudienceOrIssuerAreRefused() throws Exception {
    JwtAuthenticator jwt = checked().publicKey(rsa.toRSAPublicKey()).build();
    RSAKey other = new RSAKeyGenerator(2048).generate();
    RSASSASigner good = new RSASSASigner(rsa);
    Instant now = Instant.now();
    assertThat(jwt.authenticate(sign(new RSASSASigner(other), JWSAlgorithm.RS256, claims().build()))).isNull();
    assertThat(jwt.authenticate(sign(good, JWSAlgorithm.RS256,
        claims().expirationTime(Date.from(now.minusSeconds(3600))).build()))).isNull();
    assertThat(jwt.authenticate(sign(good, JWSAlgorithm.RS256,
        claims().notBeforeTime(Date.from(now.plusSeconds(3600))).build()))).isNull();
    assertThat(jwt.authenticate(sign(good, JWSAlgorithm.RS256, claims().audience("someone-else").build()))).isNull();
    assertThat(jwt.authenticate(sign(good, JWSAlgorithm.RS256, claims().issuer("https://evil.test").build())))
        .isNull();
    assertThat(jwt.authenticate(sign(good, JWSAlgorithm.RS256, claims().expirationTime(null).build()))).isNull();
  }

  @Test
  void aTokenWithoutTheRoleClaimOrWithAnUnknownRoleIsRefused() throws Exception {
    JwtAuthenticator jwt = checked().hs256Secret(SECRET).build();
    MACSigner mac = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));
    assertThat(jwt.authenticate(sign(mac, JWSAlgorithm.HS256, claims().claim("role", null).build()))).isNull();
    assertThat(jwt.authenticate(sign(mac, JWSAlgorithm.HS256, claims().claim("role", "root").build()))).isNull();
  }

  @Test
  void unsignedAndAlgNoneTokensAreRefused() throws Exception {
    JwtAuthenticator jwt = checked().hs256Secret(SECRET).build();
    assertThat(jwt.authenticate(new PlainJWT(claims().build()).serialize())).isNull();
    // a hand-made alg:none token with an empty signature, and one with a signature copied over
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String body = b64.encodeToString(claims().build().toString().getBytes(StandardCharsets.UTF_8));
    assertThat(jwt.authenticate(header + "." + body + ".")).isNull();
    String real = sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims().build());
    assertThat(jwt.authenticate(header + "." + body + "." + real.substring(real.lastIndexOf('.') + 1))).isNull();
    assertThat(jwt.authenticate("not-a-jwt")).isNull();
  }

  @Test
  void theAlgorithmIsPinnedToTheKeyNotTakenFromTheHeader() throws Exception {
    // an RS256 server must not accept an HS256 token "signed" with its public key as the secret
    JwtAuthenticator jwt = checked().publicKey(rsa.toRSAPublicKey()).build();
    byte[] publicBytes = rsa.toRSAPublicKey().getEncoded();
    assertThat(jwt.authenticate(sign(new MACSigner(java.util.Arrays.copyOf(publicBytes, 64)), JWSAlgorithm.HS256,
        claims().build()))).isNull();
    // and an RS256 key does not take RS512
    assertThat(jwt.authenticate(sign(new RSASSASigner(rsa), JWSAlgorithm.RS512, claims().build()))).isNull();
  }

  @Test
  void aPemPublicKeyRoundTripsAndShortSecretsAreRefused() throws Exception {
    String pem = PublicKeys.toPem(ec.toECPublicKey());
    assertThat(checked().publicKey(PublicKeys.fromPem(pem)).build()
        .authenticate(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, claims().build()))).isNotNull();
    assertThatThrownBy(() -> JwtAuthenticator.builder().hs256Secret("short"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> PublicKeys.fromPem("nonsense")).isInstanceOf(IllegalArgumentException.class);
  }
}
