package dev.rexd.hub.host;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Trusts exactly one server certificate: the one whose DER encoding has the configured SHA-256
 * ({@code [hub] pin_sha256}), whoever issued it. Host names are still checked by the TLS client.
 *
 * <pre>{@code
 * SSLContext tls = PinnedTrust.context("5f3a...");   // 64 hex digits, ':' separators allowed
 * }</pre>
 */
final class PinnedTrust implements X509TrustManager {
  private final byte[] pin;
  private volatile @Nullable String mismatch;

  private PinnedTrust(byte[] pin) {
    this.pin = pin;
  }

  /**
   * A trust manager for {@code sha256Hex}.
   *
   * @throws IllegalArgumentException when it is not 64 hex digits
   */
  static PinnedTrust of(String sha256Hex) {
    String hex = sha256Hex.replace(":", "").trim().toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("pin_sha256 must be the 64 hex digits of the hub certificate's SHA-256");
    }
    return new PinnedTrust(HexFormat.of().parseHex(hex));
  }

  /** A TLS context that trusts only the pinned certificate. */
  SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {this}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available: " + e.getMessage(), e);
    }
  }

  /** The SHA-256 hex of a certificate's DER encoding: what {@code pin_sha256} holds. */
  static String fingerprint(X509Certificate certificate) throws CertificateException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain.length == 0) {
      throw new CertificateException("the hub presented no certificate");
    }
    byte[] seen = HexFormat.of().parseHex(fingerprint(chain[0]));
    if (!MessageDigest.isEqual(seen, pin)) {
      String why = "the hub's certificate does not match pin_sha256 (it is " + fingerprint(chain[0]) + ")";
      mismatch = why;
      throw new CertificateException(why);
    }
    mismatch = null;
  }

  /** Why the last certificate was refused (TLS libraries tend to drop the reason), or null. */
  @Nullable String lastMismatch() {
    return mismatch;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a host does not accept client connections");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
