package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.client.RexdClientException;
import dev.rexd.client.RexdUnauthorizedException;
import dev.rexd.core.RexdServer;
import dev.rexd.hub.host.HostConnector;
import dev.rexd.hub.wire.HostEntry;
import dev.rexd.hub.wire.HubProtocol;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class HubSecurityTest {
  @TempDir Path dir;

  @Test
  void aHostWithAWrongTokenIsRefusedAndStops() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      HostConnector host = f.start(f.connector(f.server("web-1"), "web-1", null).token("not-the-token"));
      assertThat(host.awaitStop()).isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("401");
      assertThat(f.hub.hosts()).isEmpty();
    }
  }

  @Test
  void aClientWithAWrongTokenIsRefused() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      assertThatThrownBy(() -> WebSocketTransport.builder(f.hub.wsUri()).token("wrong").connect())
          .isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("401");
      assertThatThrownBy(() -> WebSocketTransport.builder(f.hub.wsUri()).connect())
          .isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("401");
    }
  }

  @Test
  void aHostTokenCannotActAsAClientNorAClientTokenRegisterAHost() throws Exception {
    String hostToken = HubFixture.tokenOf("web-1");
    // a hub where the same secret is (wrongly) configured for a client too
    try (HubFixture f = new HubFixture(dir, b -> b.clientToken("mixed",
        dev.rexd.core.auth.TokenTable.sha256Hex(hostToken), dev.rexd.core.auth.Role.OPERATOR))) {
      assertThatThrownBy(() -> WebSocketTransport.builder(f.hub.wsUri()).token(hostToken).connect())
          .isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("403");

      HostConnector asClient = f.start(f.connector(f.server("web-1"), "web-1", null).token(HubFixture.CLIENT_TOKEN));
      assertThat(asClient.awaitStop()).isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("403");
      assertThat(f.hub.hosts()).isEmpty();
    }
  }

  @Test
  void hostNamesAreValidatedOnBothSides() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      RexdServer server = f.server("x");
      for (String bad : new String[] {"Web-1", "-web", "web_1", "", "a".repeat(64), "web 1"}) {
        assertThatThrownBy(() -> f.connector(server, bad, null).start())
            .as(bad).isInstanceOf(IllegalArgumentException.class);
      }
      assertThatThrownBy(() -> WebSocketTransport.builder(f.hub.agentsUri()).token(HubFixture.tokenOf("web-1"))
          .header(HubProtocol.HOST_HEADER, "Web-1").connect())
          .isInstanceOf(RexdClientException.class).hasMessageContaining("400");
      assertThatThrownBy(() -> dev.rexd.hub.server.RexdHub.builder().host("bad_name", "00".repeat(32)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(HubProtocol.isHostName("a".repeat(63))).isTrue();
    }
  }

  @Test
  void aNameTakenWithAnotherTokenIsRefusedAndTheSameTokenReplacesTheOlderConnection() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      HostConnector first = f.start(f.connector(f.server("web-1"), "web-1", null));
      f.awaitConnected("web-1");

      // web-2's token cannot claim the name web-1
      HostConnector impostor = f.start(f.connector(f.server("web-1b"), "web-1", null).token(HubFixture.tokenOf("web-2")));
      assertThat(impostor.awaitStop()).isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("403");

      // the same credential replaces the older connection, which stops instead of fighting back
      HostConnector second = f.start(f.connector(f.server("web-1c"), "web-1", null));
      assertThat(first.awaitStop()).hasMessageContaining("replaced");
      f.awaitConnected("web-1");
      assertThat(f.hub.hosts()).extracting(HostEntry::name).containsExactly("web-1");
      second.close();
      assertThat(f.left.poll(20, TimeUnit.SECONDS)).isEqualTo("web-1");
    }
  }

  @Test
  void aHostMayPresentAJwtWhoseHostClaimNamesIt() throws Exception {
    String secret = "a-shared-secret-of-at-least-32-bytes!";
    dev.rexd.core.auth.JwtAuthenticator hostJwt = dev.rexd.core.auth.JwtAuthenticator.builder()
        .hs256Secret(secret).roleClaim("host").build();
    try (HubFixture f = new HubFixture(dir, b -> b.hostJwt(hostJwt))) {
      String web3 = jwt(secret, "web-3");
      f.start(f.connector(f.server("web-3"), "web-3", null).token(web3));
      f.awaitConnected("web-3");

      HostConnector wrongName = f.start(f.connector(f.server("web-4"), "web-4", null).token(web3));
      assertThat(wrongName.awaitStop()).isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("403");
      HostConnector wrongKey = f.start(f.connector(f.server("web-5"), "web-5", null)
          .token(jwt("another-secret-of-at-least-32-bytes!!", "web-5")));
      assertThat(wrongKey.awaitStop()).isInstanceOf(RexdUnauthorizedException.class).hasMessageContaining("401");
      assertThatThrownBy(() -> WebSocketTransport.builder(f.hub.wsUri()).token(web3).connect())
          .isInstanceOf(RexdUnauthorizedException.class);
      assertThat(f.hub.hosts()).extracting(HostEntry::name).containsExactly("web-3");
    }
  }

  private static String jwt(String secret, String host) throws Exception {
    com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
        new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
        new com.nimbusds.jwt.JWTClaimsSet.Builder().subject(host).claim("host", host)
            .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(600))).build());
    jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  @Test
  void plainWsToAHubThatIsNotOnLoopbackIsRefusedUnlessInsecure() throws Exception {
    try (HubFixture f = new HubFixture(dir)) {
      RexdServer server = f.server("web-1");
      URI remote = URI.create("ws://192.0.2.10:8080/agents");
      assertThatThrownBy(() -> f.connector(server, "web-1", remote).start())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://").hasMessageContaining("insecure");
      HostConnector allowed = f.connector(server, "web-1", remote).insecure(true).start();
      allowed.close();
      assertThat(allowed.awaitStop()).isNull();
      assertThatThrownBy(() -> f.connector(server, "web-1", null).token(null).start())
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(HubProtocol.TOKEN_ENV);
    }
  }
}
