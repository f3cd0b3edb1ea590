package dev.rexd.core.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Bearer JWTs ({@code [auth.jwt]}): the signature is checked with the configured key under the
 * algorithm pinned to that key (HS256 for a secret, RS256 for an RSA key, ES256/384/512 for an EC
 * key by its curve, or a JWKS key's own {@code alg}), never the one the token's header names;
 * unsigned tokens ({@code alg: none}) are refused. {@code exp} is required and, with {@code nbf},
 * checked (60 s of clock skew); {@code iss} and {@code aud} must match when configured. The
 * principal is {@code sub}, its role the value of the role claim, which must be present.
 *
 * <pre>{@code
 * JwtAuthenticator jwt = JwtAuthenticator.builder()
 *     .issuer("https://sso.example.com").audience("rexd")
 *     .publicKey(rsaPublicKey)
 *     .build();
 * Principal p = jwt.authenticate(bearer);   // null for a bad, expired or foreign token
 * }</pre>
 */
public final class JwtAuthenticator implements Authenticator {
  private static final System.Logger LOG = System.getLogger(JwtAuthenticator.class.getName());

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String roleClaim;

  private JwtAuthenticator(DefaultJWTProcessor<SecurityContext> processor, String roleClaim) {
    this.processor = processor;
    this.roleClaim = roleClaim;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code credential} has the shape of a JWT (three dot-separated parts). */
  public static boolean looksLikeJwt(String credential) {
    int first = credential.indexOf('.');
    return first > 0 && credential.indexOf('.', first + 1) > first;
  }

  @Override
  public @Nullable Principal authenticate(String credential) {
    if (!looksLikeJwt(credential)) {
      return null;
    }
    try {
      JWTClaimsSet claims = processor.process(credential, null);
      Object role = claims.getClaim(roleClaim);
      String sub = claims.getSubject();
      if (!(role instanceof String name) || sub == null || sub.isBlank()) {
        return null;
      }
      return new Principal(sub, Role.parse(name));
    } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
      LOG.log(System.Logger.Level.DEBUG, "JWT refused: " + e.getMessage());
      return null;
    }
  }

  /**
   * The string claim {@code claim} of a JWT this authenticator accepts (signature, {@code exp},
   * {@code nbf}, {@code iss}, {@code aud} and the required claims checked), or null when the JWT
   * is refused or the claim is absent or blank. Never throws.
   */
  public @Nullable String verifiedClaim(String credential, String claim) {
    if (!looksLikeJwt(credential)) {
      return null;
    }
    try {
      Object value = processor.process(credential, null).getClaim(claim);
      return value instanceof String text && !text.isBlank() ? text : null;
    } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
      LOG.log(System.Logger.Level.DEBUG, "JWT refused: " + e.getMessage());
      return null;
    }
  }

  /** Builds a {@link JwtAuthenticator}; exactly one key source is required. */
  public static final class Builder {
    private @Nullable String issuer;
    private @Nullable String audience;
    private String roleClaim = "role";
    private final List<JWK> keys = new ArrayList<>();
    private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();

    private Builder() {}

    /** The required {@code iss}; null accepts any. */
    public Builder issuer(@Nullable String issuer) {
      this.issuer = blankToNull(issuer);
      return this;
    }

    /** The required {@code aud}; null accepts any. */
    public Builder audience(@Nullable String audience) {
      this.audience = blankToNull(audience);
      return this;
    }

    /** The claim that carries the role (default {@code role}). */
    public Builder roleClaim(String claim) {
      this.roleClaim = claim;
      return this;
    }

    /** An HS256 secret (at least 32 bytes). */
    public Builder hs256Secret(String secret) {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < 32) {
        throw new IllegalArgumentException("hs256_secret must be at least 32 bytes long");
      }
      keys.add(new OctetSequenceKey.Builder(bytes).algorithm(JWSAlgorithm.HS256).build());
      algorithms.add(JWSAlgorithm.HS256);
      return this;
    }

    /** An RSA (RS256) or EC (ES256/ES384/ES512 by curve) public key. */
    public Builder publicKey(PublicKey key) {
      if (key instanceof RSAPublicKey rsa) {
        keys.add(new RSAKey.Builder(rsa).algorithm(JWSAlgorithm.RS256).keyUse(KeyUse.SIGNATURE).build());
        algorithms.add(JWSAlgorithm.RS256);
      } else if (key instanceof ECPublicKey ec) {
        Curve curve = Curve.forECParameterSpec(ec.getParams());
        JWSAlgorithm alg = curve == null ? null : ecAlgorithm(curve);
        if (alg == null) {
          throw new IllegalArgumentException("unsupported EC curve (use P-256, P-384 or P-521)");
        }
        keys.add(new ECKey.Builder(curve, ec).algorithm(alg).keyUse(KeyUse.SIGNATURE).build());
        algorithms.add(alg);
      } else {
        throw new IllegalArgumentException("unsupported public key type " + key.getAlgorithm() + " (use RSA or EC)");
      }
      return this;
    }

    /** The public keys of a JWKS document; each key's {@code alg}, or the one its type implies, is pinned. */
    public Builder jwks(String json) {
      JWKSet set;
      try {
        set = JWKSet.parse(json);
      } catch (ParseException e) {
        throw new IllegalArgumentException("not a JWKS document: " + e.getMessage());
      }
      for (JWK k : set.getKeys()) {
        JWSAlgorithm alg = k.getAlgorithm() != null ? JWSAlgorithm.parse(k.getAlgorithm().getName())
            : k instanceof RSAKey ? JWSAlgorithm.RS256
            : k instanceof ECKey ec ? ecAlgorithm(ec.getCurve()) : null;
        if (alg == null || k.isPrivate() || k instanceof OctetSequenceKey) {
          throw new IllegalArgumentException("JWKS key " + k.getKeyID() + ": only RSA or EC public keys are accepted");
        }
        keys.add(k);
        algorithms.add(alg);
      }
      return this;
    }

    public JwtAuthenticator build() {
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("[auth.jwt] needs hs256_secret, public_key_pem or jwks_file");
      }
      DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
      p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.copyOf(algorithms),
          new ImmutableJWKSet<>(new JWKSet(keys))));
      JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
      if (issuer != null) {
        exact.issuer(issuer);
      }
      Set<String> required = new HashSet<>(Set.of("sub", "exp", roleClaim));
      if (audience != null) {
        required.add("aud");
      }
      p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience == null ? null : Set.of(audience),
          exact.build(), required, null));
      return new JwtAuthenticator(p, roleClaim);
    }

    private static @Nullable JWSAlgorithm ecAlgorithm(Curve curve) {
      if (Curve.P_256.equals(curve)) {
        return JWSAlgorithm.ES256;
      }
      if (Curve.P_384.equals(curve)) {
        return JWSAlgorithm.ES384;
      }
      return Curve.P_521.equals(curve) ? JWSAlgorithm.ES512 : null;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
