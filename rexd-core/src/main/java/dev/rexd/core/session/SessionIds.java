package dev.rexd.core.session;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Unguessable bytes for session ids. Session ids name sessions that a later connection may
 * reattach to, so they come from the kernel's CSPRNG: read straight from {@code /dev/urandom}
 * (cheap), or from {@link SecureRandom} where that device is missing (its provider set-up costs
 * tens of milliseconds, which matters on the first request of a stdio server).
 *
 * <pre>{@code
 * byte[] id = SessionIds.randomBytes(12);
 * }</pre>
 */
final class SessionIds {
  private static final String URANDOM = "/dev/urandom";

  private SessionIds() {}

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    try (InputStream in = new FileInputStream(URANDOM)) {
      if (in.readNBytes(b, 0, n) == n) {
        return b;
      }
    } catch (IOException e) {
      // no such device here: fall through
    }
    Fallback.RANDOM.nextBytes(b);
    return b;
  }

  private static final class Fallback {
    static final SecureRandom RANDOM = new SecureRandom();
  }
}
