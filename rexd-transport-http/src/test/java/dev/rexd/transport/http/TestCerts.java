package dev.rexd.transport.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the running JDK's {@code keytool}: self-signed EC key pairs
 * in PKCS12 keystores, and truststores holding another party's certificate.
 *
 * <pre>{@code
 * Path server = TestCerts.keyPair(dir, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
 * Path trust = TestCerts.trusting(dir, "client-trust", server, "server");
 * }</pre>
 */
final class TestCerts {
  static final String PASSWORD = "changeit";

  private TestCerts() {}

  /** A keystore {@code <name>.p12} with one self-signed key pair under the alias {@code name}. */
  static Path keyPair(Path dir, String name, String dname, String san) throws Exception {
    Path store = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-ext", san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    return store;
  }

  /** A truststore {@code <name>.p12} holding the certificate of {@code alias} from {@code keystore}. */
  static Path trusting(Path dir, String name, Path keystore, String alias) throws Exception {
    Path cert = dir.resolve(alias + ".pem");
    keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", cert.toString());
    Path store = dir.resolve(name + ".p12");
    keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD);
    return store;
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }
}
