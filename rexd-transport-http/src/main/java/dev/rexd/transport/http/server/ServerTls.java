package dev.rexd.transport.http.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * TLS for the embedded server: the server's key and certificate chain from a PKCS12 keystore, and
 * optionally a PKCS12 truststore of client certificate authorities with client certificates
 * required (mTLS).
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.keystore(Path.of("/etc/rexd/server.p12"), "secret")
 *     .requireClientCerts(Path.of("/etc/rexd/clients.p12"), "secret");
 * }</pre>
 */
public record ServerTls(
    Path keystore,
    String keystorePassword,
    @Nullable Path truststore,
    @Nullable String truststorePassword,
    boolean requireClientCert) {

  public ServerTls {
    if (!Files.isReadable(keystore)) {
      throw new IllegalArgumentException("TLS keystore not readable: " + keystore);
    }
    if (truststore != null && !Files.isReadable(truststore)) {
      throw new IllegalArgumentException("TLS truststore not readable: " + truststore);
    }
    if (requireClientCert && truststore == null) {
      throw new IllegalArgumentException("require_client_cert needs a truststore of client certificate authorities");
    }
  }

  /** TLS with this keystore and no client certificates. */
  public static ServerTls keystore(Path keystore, String password) {
    return new ServerTls(keystore, password, null, null, false);
  }

  /** The same keystore, requiring client certificates issued by an authority in {@code truststore}. */
  public ServerTls requireClientCerts(Path truststore, String password) {
    return new ServerTls(keystore, keystorePassword, truststore, password, true);
  }
}
