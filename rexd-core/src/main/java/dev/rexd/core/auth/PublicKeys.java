package dev.rexd.core.auth;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), RSA or EC.
 *
 * <pre>{@code
 * PublicKey key = PublicKeys.fromPem(Files.readString(Path.of("/etc/rexd/jwt.pub")));
 * }</pre>
 */
public final class PublicKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PublicKeys() {}

  /**
   * The key in {@code pem}.
   *
   * @throws IllegalArgumentException when it holds no RSA or EC public key
   */
  public static PublicKey fromPem(String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("expected a PEM block '" + BEGIN + "'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block is not base64");
    }
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
        // try the next type
      }
    }
    throw new IllegalArgumentException("the PEM block holds no RSA or EC public key");
  }

  /** The PEM text of a public key. */
  public static String toPem(PublicKey key) {
    return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n" + END
        + "\n";
  }
}
