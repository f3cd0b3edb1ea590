package dev.rexd.transport.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The token, origin and host rules, without a server. */
class HttpSecurityTest {
  private static final HttpSecurity TOKEN = HttpSecurity.builder().token("t0k")
      .allowedOrigins(List.of("https://IDE.example.com:443/")).build();
  private static final HttpSecurity OPEN = HttpSecurity.builder().build();

  @Test
  void theTokenComesAsBearerHeaderOrSubprotocol() {
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, "Bearer t0k", List.of())).isNull();
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, "bearer  t0k ", List.of())).isNull();
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, null, List.of("x", "rexd.bearer.t0k"))).isNull();
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, null, List.of()).status()).isEqualTo(401);
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, "Bearer t0", List.of()).status()).isEqualTo(401);
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, "Basic t0k", List.of()).status()).isEqualTo(401);
    assertThat(TOKEN.check("http", "127.0.0.1:1", null, null, List.of("rexd.bearer.")).status()).isEqualTo(401);
  }

  @Test
  void onlyTheMatchingBearerSubprotocolIsEchoed() {
    assertThat(TOKEN.acceptedSubprotocol(List.of("rexd.bearer.no", "rexd.bearer.t0k"))).isEqualTo("rexd.bearer.t0k");
    assertThat(TOKEN.acceptedSubprotocol(List.of("rexd.bearer.no"))).isNull();
    assertThat(OPEN.acceptedSubprotocol(List.of("chat", "rexd.bearer.any"))).isEqualTo("rexd.bearer.any");
  }

  @Test
  void originsAreTheServersOwnOrAllowedComparedNormalised() {
    assertThat(TOKEN.allowedOrigins()).containsExactly("https://ide.example.com");
    assertThat(TOKEN.check("http", "127.0.0.1:8080", "http://127.0.0.1:8080", "Bearer t0k", List.of())).isNull();
    assertThat(TOKEN.check("https", "rexd.example:443", "https://rexd.example", "Bearer t0k", List.of())).isNull();
    assertThat(TOKEN.check("http", "127.0.0.1:8080", "https://ide.example.com", "Bearer t0k", List.of())).isNull();
    assertThat(TOKEN.check("http", "127.0.0.1:8080", "https://127.0.0.1:8080", "Bearer t0k", List.of()).status())
        .as("another scheme").isEqualTo(403);
    assertThat(TOKEN.check("http", "127.0.0.1:8080", "http://127.0.0.1:8081", "Bearer t0k", List.of()).status())
        .as("another port").isEqualTo(403);
    assertThat(TOKEN.check("http", "127.0.0.1:8080", "null", "Bearer t0k", List.of()).status()).isEqualTo(403);
    assertThat(TOKEN.check("http", null, "http://127.0.0.1:8080", "Bearer t0k", List.of()).status()).isEqualTo(403);
  }

  @Test
  void withoutATokenOnlyLoopbackHostsPass() {
    assertThat(OPEN.check("http", "127.0.0.1:1", null, null, List.of())).isNull();
    assertThat(OPEN.check("http", "127.1.2.3", null, null, List.of())).isNull();
    assertThat(OPEN.check("http", "localhost:1", null, null, List.of())).isNull();
    assertThat(OPEN.check("http", "[::1]:1", null, null, List.of())).isNull();
    assertThat(OPEN.check("http", "rebind.attacker.example:1", null, null, List.of()).reason())
        .isEqualTo("host_not_allowed");
    assertThat(OPEN.check("http", "10.0.0.1:1", null, null, List.of()).status()).isEqualTo(403);
    HttpSecurity insecure = HttpSecurity.builder().insecure(true).build();
    assertThat(insecure.check("http", "10.0.0.1:1", null, null, List.of())).isNull();
    assertThat(TOKEN.check("http", "rexd.example:1", null, "Bearer t0k", List.of())).isNull();
  }

  @Test
  void aBadAllowedOriginIsRejectedAtBuild() {
    assertThatThrownBy(() -> HttpSecurity.builder().allowedOrigins(List.of("ide.example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ide.example.com");
  }

  @Test
  void utf8LengthCountsBytes() {
    assertThat(WebSocketServerTransport.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
  }
}
