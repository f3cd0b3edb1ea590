package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.hub.host.HostConnector;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.transport.http.server.ServerTls;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class HubTlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path certs;
  static Path keystore;
  static String fingerprint;

  /** A self-signed certificate for 127.0.0.1, made with the running JDK's keytool. */
  @BeforeAll
  static void certificate() throws Exception {
    keystore = certs.resolve("hub.p12");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    Certificate cert = ks.getCertificate("hub");
    fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
  }

  @Test
  void aHostConnectsOverTlsToThePinnedCertificateAndRefusesAnother() throws Exception {
    try (HubFixture f = new HubFixture(certs, b -> b.tls(ServerTls.keystore(keystore, PASSWORD)))) {
      assertThat(f.hub.agentsUri().getScheme()).isEqualTo("wss");
      f.start(f.connector(f.server("web-1"), "web-1", null).pinSha256(fingerprint));
      f.awaitConnected("web-1");

      String wrongPin = fingerprint.substring(1) + (fingerprint.charAt(0) == 'a' ? 'b' : 'a');
      HostConnector refused = f.start(f.connector(f.server("web-2"), "web-2", null).pinSha256(wrongPin));
      String drop = f.drops.poll(30, TimeUnit.SECONDS);
      assertThat(drop).startsWith("web-2: ").contains("pin_sha256");
      assertThat(f.hub.hosts()).extracting(HostEntry::name).isEqualTo(List.of("web-1"));
      refused.close();
    }
  }

  @Test
  void withoutAPinAHostTrustsOnlyWhatTheJdkTrusts() throws Exception {
    try (HubFixture f = new HubFixture(certs, b -> b.tls(ServerTls.keystore(keystore, PASSWORD)))) {
      f.start(f.connector(f.server("web-1"), "web-1", null).connectTimeout(java.time.Duration.ofSeconds(2)));
      assertThat(f.drops.poll(30, TimeUnit.SECONDS)).startsWith("web-1: ");
      assertThat(f.hub.hosts()).isEmpty();
    }
  }
}
