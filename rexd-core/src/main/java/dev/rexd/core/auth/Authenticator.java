package dev.rexd.core.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns a bearer credential (a token or a JWT) into a {@link Principal}, or refuses it.
 *
 * <pre>{@code
 * Authenticator auth = Authenticator.anyOf(List.of(tokens, jwt));
 * Principal p = auth.authenticate(bearer);   // null: 401
 * }</pre>
 */
@FunctionalInterface
public interface Authenticator {
  /** The principal this credential stands for, or null when it is not valid. Never throws. */
  @Nullable Principal authenticate(String credential);

  /** Accepts nothing: a server without credentials configured. */
  Authenticator NONE = credential -> null;

  /** The first principal any of {@code authenticators} grants. */
  static Authenticator anyOf(List<Authenticator> authenticators) {
    List<Authenticator> all = List.copyOf(authenticators);
    return credential -> {
      for (Authenticator a : all) {
        Principal p = a.authenticate(credential);
        if (p != null) {
          return p;
        }
      }
      return null;
    };
  }
}
