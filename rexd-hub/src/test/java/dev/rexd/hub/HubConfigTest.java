package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.config.ConfigException;
import dev.rexd.core.config.RexdConfig;
import dev.rexd.hub.host.HostConnector;
import dev.rexd.hub.server.RexdHub;
import dev.rexd.hub.wire.HostEntry;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The [hub] keys of rexd.toml, on both sides, end to end. */
@Timeout(60)
class HubConfigTest {
  @TempDir Path dir;

  @Test
  void unknownHubKeysAreErrorsNamingTheKey() {
    assertThatThrownBy(() -> RexdConfig.parse("[hub]\nnmae = \"web-1\"\n", "t.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hub.nmae");
    assertThatThrownBy(() -> RexdConfig.parse("[[hub.hosts]]\nname = \"web-1\"\ntoken = \"clear\"\n", "t.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("token");
  }

  @Test
  void badHostEntriesAndHostSettingsAreConfigErrors() {
    RexdConfig badName = RexdConfig.parse("[[hub.hosts]]\nname = \"Web_1\"\ntoken_sha256 = \""
        + TokenTable.sha256Hex("t") + "\"\n", "t.toml");
    assertThatThrownBy(() -> RexdHub.builder().config(badName, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("[[hub.hosts]] #1").hasMessageContaining("Web_1");
    RexdConfig badHash = RexdConfig.parse("[[hub.hosts]]\nname = \"web-1\"\ntoken_sha256 = \"abc\"\n", "t.toml");
    assertThatThrownBy(() -> RexdHub.builder().config(badHash, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("64 hex digits");
    RexdConfig badRole = RexdConfig.parse("[hub]\nrole = \"root\"\n", "t.toml");
    try (RexdServer server = RexdServer.builder().allowedRoot(dir).build()) {
      assertThatThrownBy(() -> HostConnector.builder(server).config(badRole, Map.of()))
          .isInstanceOf(ConfigException.class).hasMessageContaining("[hub]").hasMessageContaining("root");
    }
  }

  @Test
  void aHubAndAHostConfiguredFromTomlFindEachOther() throws Exception {
    String hubToml = """
        [[auth.tokens]]
        name = "alice"
        token_sha256 = "%s"
        role = "agent"
        [[hub.hosts]]
        name = "web-1"
        token_sha256 = "%s"
        """.formatted(TokenTable.sha256Hex("alice"), TokenTable.sha256Hex("host-secret"));
    java.util.concurrent.BlockingQueue<HostEntry> up = new java.util.concurrent.LinkedBlockingQueue<>();
    try (RexdHub hub = RexdHub.builder().listen("127.0.0.1", 0).config(RexdConfig.parse(hubToml, "hub.toml"), Map.of())
        .listener(new dev.rexd.hub.server.HubListener() {
          @Override
          public void hostConnected(HostEntry host) {
            up.add(host);
          }
        }).start();
         RexdServer server = RexdServer.builder().allowedRoot(dir).build()) {
      String hostToml = """
          [hub]
          url = "%s"
          name = "web-1"
          token = "not-this-one"
          labels = {region = "eu"}
          """.formatted(hub.agentsUri());
      URI configured = hub.agentsUri();
      try (HostConnector host = HostConnector.builder(server)
          .config(RexdConfig.parse(hostToml, "host.toml"), Map.of("REXD_HUB_TOKEN", "host-secret")).start()) {
        HostEntry entry = up.poll(30, TimeUnit.SECONDS);
        assertThat(entry).isNotNull();
        assertThat(entry.name()).isEqualTo("web-1");
        assertThat(entry.labels()).containsEntry("region", "eu");
        assertThat(host.url()).isEqualTo(configured);
      }
    }
  }
}
