package dev.rexd.transport.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * TLS settings of a client transport: which server certificates to trust (a PKCS12 truststore, or
 * the JDK's defaults) and, for mTLS, the client's own key and certificate (a PKCS12 keystore).
 * Host names are always verified.
 *
 * <pre>{@code
 * ClientTls tls = ClientTls.builder()
 *     .truststore(Path.of("rexd-ca.p12"), "secret")
 *     .keystore(Path.of("agent.p12"), "secret")     // only when the server requires client certificates
 *     .build();
 * }</pre>
 */
public final class ClientTls {
  private final SSLContext context;
  private final X509TrustManager trustManager;

  private ClientTls(SSLContext context, X509TrustManager trustManager) {
    this.context = context;
    this.trustManager = trustManager;
  }

  /** TLS from an already configured context and the trust manager it uses. */
  public static ClientTls of(SSLContext context, X509TrustManager trustManager) {
    return new ClientTls(context, trustManager);
  }

  public static Builder builder() {
    return new Builder();
  }

  public SSLContext sslContext() {
    return context;
  }

  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** Builds {@link ClientTls} from PKCS12 files. */
  public static final class Builder {
    private @Nullable Path truststore;
    private char[] truststorePassword = new char[0];
    private @Nullable Path keystore;
    private char[] keystorePassword = new char[0];

    private Builder() {}

    /** Trust the certificates in this PKCS12 truststore (default: the JDK's trusted authorities). */
    public Builder truststore(Path file, String password) {
      this.truststore = file;
      this.truststorePassword = password.toCharArray();
      return this;
    }

    /** Present the key and certificate in this PKCS12 keystore when the server asks (mTLS). */
    public Builder keystore(Path file, String password) {
      this.keystore = file;
      this.keystorePassword = password.toCharArray();
      return this;
    }

    /**
     * Loads the stores.
     *
     * @throws IOException when a store cannot be read or its password is wrong
     */
    public ClientTls build() throws IOException {
      try {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(truststore == null ? null : load(truststore, truststorePassword));
        X509TrustManager trust = null;
        for (TrustManager tm : tmf.getTrustManagers()) {
          if (tm instanceof X509TrustManager x) {
            trust = x;
          }
        }
        if (trust == null) {
          throw new GeneralSecurityException("no X509 trust manager");
        }
        KeyManager[] keys = null;
        if (keystore != null) {
          KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
          kmf.init(load(keystore, keystorePassword), keystorePassword);
          keys = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, new TrustManager[] {trust}, null);
        return new ClientTls(context, trust);
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS: " + e.getMessage(), e);
      }
    }

    private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, password);
      }
      return ks;
    }
  }
}
