package dev.rexd.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Bearer tokens stored as their SHA-256 (never in clear), each with a name and a role
 * ({@code [[auth.tokens]]}). A candidate is hashed and compared with every entry in constant time,
 * so neither the match nor its position leaks through timing.
 *
 * <pre>{@code
 * TokenTable tokens = TokenTable.builder()
 *     .add("ci-bot", TokenTable.sha256Hex("s3cret"), Role.AGENT)
 *     .addClear("operator", legacyAuthToken, Role.OPERATOR)
 *     .build();
 * Principal p = tokens.authenticate("s3cret");   // ci-bot, agent
 * }</pre>
 */
public final class TokenTable implements Authenticator {
  private record Entry(String name, byte[] sha256, Role role) {}

  private final List<Entry> entries;

  private TokenTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether no token is configured. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public @Nullable Principal authenticate(String credential) {
    byte[] hash = sha256(credential);
    Entry match = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.sha256, hash) && match == null) {
        match = e;
      }
    }
    return match == null ? null : new Principal(match.name, match.role);
  }

  /** The lower-case hex SHA-256 of a token's UTF-8 bytes: the {@code token_sha256} config value. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Builds a {@link TokenTable}. */
  public static final class Builder {
    private final List<Entry> entries = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a token by its SHA-256 hex.
     *
     * @throws IllegalArgumentException when {@code sha256Hex} is not 64 hex digits or the name is blank
     */
    public Builder add(String name, String sha256Hex, Role role) {
      if (name.isBlank()) {
        throw new IllegalArgumentException("a token needs a name");
      }
      String hex = sha256Hex.trim().toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("token_sha256 of '" + name + "' must be 64 hex digits (rexd token hash)");
      }
      entries.add(new Entry(name, HexFormat.of().parseHex(hex), role));
      return this;
    }

    /** Adds a token given in clear (the legacy {@code auth_token}); only its hash is kept. */
    public Builder addClear(String name, String token, Role role) {
      entries.add(new Entry(name, sha256(token), role));
      return this;
    }

    public TokenTable build() {
      return new TokenTable(entries);
    }
  }
}
