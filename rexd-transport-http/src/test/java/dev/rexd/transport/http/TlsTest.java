package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.client.RexdTransportException;
import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.ClientTls;
import dev.rexd.transport.http.client.HttpRpcTransport;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import dev.rexd.transport.http.server.ServerTls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS from a PKCS12 keystore, and mTLS with client certificates, made by keytool. */
class TlsTest {
  private static final String TOKEN = "tls-token";
  private static final String PW = TestCerts.PASSWORD;

  @TempDir static Path certs;
  static Path serverKeys;
  static Path clientTrust;
  static Path clientKeys;
  static Path serverTrust;
  static Path strangerKeys;

  @TempDir Path root;
  private RexdServer server;
  private RexdHttpServer http;

  @BeforeAll
  static void makeCertificates() throws Exception {
    serverKeys = TestCerts.keyPair(certs, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    clientTrust = TestCerts.trusting(certs, "client-trust", serverKeys, "server");
    clientKeys = TestCerts.keyPair(certs, "agent", "CN=agent", "SAN=dns:agent");
    serverTrust = TestCerts.trusting(certs, "server-trust", clientKeys, "agent");
    strangerKeys = TestCerts.keyPair(certs, "stranger", "CN=stranger", "SAN=dns:stranger");
  }


  @BeforeEach
  void build() {
    server = RexdServer.builder().allowedRoot(root).build();
  }

  @AfterEach
  void stop() {
    if (http != null) {
      http.close();
    }
    server.close();
  }

  private static ClientTls trustingServer() throws IOException {
    return ClientTls.builder().truststore(clientTrust, PW).build();
  }

  private static void assertSessionOpens(WirePeer peer) {
    try (peer) {
      assertThat(peer.openSession()).isNotBlank();
    }
  }

  /** A POST transport that cannot complete the TLS handshake closes with the failure as cause. */
  private static void assertRefused(HttpRpcTransport post, Class<? extends Throwable> cause) {
    try (WirePeer peer = new WirePeer(post)) {
      assertThatThrownBy(peer::openSession).isInstanceOf(CompletionException.class)
          .satisfies(e -> assertThat(causes(e)).hasAtLeastOneElementOfType(cause));
    }
  }

  private static java.util.List<Throwable> causes(Throwable e) {
    java.util.List<Throwable> all = new java.util.ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.add(t);
    }
    return all;
  }

  @Test
  void httpsAndWssWithAKeystore() throws Exception {
    http = TestServers.http(server).token(TOKEN).tls(ServerTls.keystore(serverKeys, PW)).start();
    assertThat(http.rpcUri().getScheme()).isEqualTo("https");
    assertThat(http.wsUri().getScheme()).isEqualTo("wss");
    assertSessionOpens(new WirePeer(HttpRpcTransport.builder(http.rpcUri()).token(TOKEN).tls(trustingServer()).build()));
    assertSessionOpens(new WirePeer(WebSocketTransport.builder(http.wsUri()).token(TOKEN).tls(trustingServer()).connect()));
  }

  @Test
  void aClientThatDoesNotTrustTheServerFailsTheHandshake() throws Exception {
    http = TestServers.http(server).token(TOKEN).tls(ServerTls.keystore(serverKeys, PW)).start();
    ClientTls jdkDefaults = ClientTls.builder().build();
    assertRefused(HttpRpcTransport.builder(http.rpcUri()).token(TOKEN).tls(jdkDefaults).build(),
        javax.net.ssl.SSLHandshakeException.class);
    assertThatThrownBy(() -> WebSocketTransport.builder(http.wsUri()).token(TOKEN).tls(jdkDefaults).connect())
        .isInstanceOf(RexdTransportException.class);
  }

  @Test
  void mtlsAcceptsAKnownClientCertificate() throws Exception {
    http = TestServers.http(server).token(TOKEN)
        .tls(ServerTls.keystore(serverKeys, PW).requireClientCerts(serverTrust, PW)).start();
    ClientTls agent = ClientTls.builder().truststore(clientTrust, PW).keystore(clientKeys, PW).build();
    assertSessionOpens(new WirePeer(HttpRpcTransport.builder(http.rpcUri()).token(TOKEN).tls(agent).build()));
    assertSessionOpens(new WirePeer(WebSocketTransport.builder(http.wsUri()).token(TOKEN).tls(agent).connect()));
  }

  @Test
  void mtlsRefusesNoOrAnUnknownClientCertificate() throws Exception {
    http = TestServers.http(server).token(TOKEN)
        .tls(ServerTls.keystore(serverKeys, PW).requireClientCerts(serverTrust, PW)).start();
    ClientTls stranger = ClientTls.builder().truststore(clientTrust, PW).keystore(strangerKeys, PW).build();
    for (ClientTls tls : new ClientTls[] {trustingServer(), stranger}) {
      assertRefused(HttpRpcTransport.builder(http.rpcUri()).token(TOKEN).tls(tls).build(), IOException.class);
      // over TLS 1.3 the server refuses the certificate after the client's handshake finished;
      // Tyrus then only notices when the upgrade times out
      assertThatThrownBy(() -> WebSocketTransport.builder(http.wsUri()).token(TOKEN).tls(tls)
          .connectTimeout(Duration.ofSeconds(2)).connect())
          .isInstanceOf(RexdTransportException.class);
    }
  }

  @Test
  void requireClientCertNeedsATruststore() {
    assertThatThrownBy(() -> new ServerTls(serverKeys, PW, null, null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truststore");
  }
}
