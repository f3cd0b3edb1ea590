package dev.rexd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.core.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RexdConfigTest {
  @TempDir Path tmp;

  /** The Go server's example file, unchanged. */
  private static final String GO_EXAMPLE = String.join("\n",
      "[server]", "stdio = true", "http_listen = \"\"", "http_path = \"/rpc\"", "ws_path = \"/ws\"",
      "log_level = \"info\"", "", "[limits]", "default_timeout_ms = 30000", "hard_timeout_ms = 300000",
      "max_output_bytes = 1048576", "max_file_read_bytes = 1048576", "max_processes_per_session = 8",
      "max_concurrent_sessions = 16", "", "[security]", "allow_shell = true", "",
      "[[security.allowed_roots]]", "path = \"/srv/myapp\"", "", "[[security.allowed_roots]]",
      "path = \"/home/deploy/projects\"", "", "[audit]", "enabled = true", "path = \"/var/log/rexd/audit.log\"", "");

  @Test
  void theGoServersExampleFileParses() {
    RexdConfig c = RexdConfig.parse(GO_EXAMPLE, "rexd.example.toml");
    assertThat(c.allowedRoots()).containsExactly(Path.of("/srv/myapp"), Path.of("/home/deploy/projects"));
    assertThat(c.limitsOrDefaults()).isEqualTo(Limits.defaults());
    assertThat(c.server().httpPath()).isEqualTo("/rpc");
  }

  @Test
  void ourKeysAndLimitsOverrideDefaults() {
    RexdConfig c = RexdConfig.parse(String.join("\n",
        "[server]", "auth_token = \"file-token\"", "allowed_origins = [\"https://app.example\"]",
        "[limits]", "max_output_bytes = 2048", "max_message_bytes = 4096",
        "[security]", "allowed_commands = [\"git\"]", "denied_commands = [\"rm\"]", ""), "x.toml");
    assertThat(c.limitsOrDefaults().maxOutputBytes()).isEqualTo(2048);
    assertThat(c.limitsOrDefaults().maxMessageBytes()).isEqualTo(4096);
    assertThat(c.server().allowedOrigins()).containsExactly("https://app.example");
    assertThat(c.authToken(Map.of())).isEqualTo("file-token");
    assertThat(c.authToken(Map.of("REXD_AUTH_TOKEN", "env-token"))).isEqualTo("env-token");
  }

  @Test
  void stateDirAndHardLinkedWritesParse() {
    RexdConfig c = RexdConfig.parse(String.join("\n",
        "[server]", "state_dir = \"/var/lib/rexd\"", "[security]", "allow_hardlinked_writes = true", ""), "x.toml");
    assertThat(c.server().stateDir()).isEqualTo("/var/lib/rexd");
    assertThat(c.security().allowHardlinkedWrites()).isTrue();
  }

  @Test
  void unknownKeysAreErrorsThatNameTheKey() {
    assertThatThrownBy(() -> RexdConfig.parse("[limits]\nmax_output_byte = 5\n", "typo.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("max_output_byte").hasMessageContaining("typo.toml");
    assertThatThrownBy(() -> RexdConfig.parse("[securty]\nallow_shell = false\n", "typo.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("securty");
    assertThatThrownBy(() -> RexdConfig.parse("[[security.allowed_roots]]\npth = \"/x\"\n", "typo.toml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("pth");
  }

  @Test
  void badValuesAndMissingFilesAreClearErrors() {
    assertThatThrownBy(() -> RexdConfig.parse("[limits]\nmax_output_bytes = -1\n", "neg.toml").limitsOrDefaults())
        .isInstanceOf(ConfigException.class).hasMessageContaining("max_output_bytes");
    assertThatThrownBy(() -> RexdConfig.parse("[limits\n", "broken.toml")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("broken.toml");
    assertThatThrownBy(() -> RexdConfig.load(tmp.resolve("nope.toml"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no such file");
  }

  @Test
  void noFileMeansDefaults() {
    assertThat(RexdConfig.defaults().allowedRoots()).isEmpty();
    assertThat(RexdConfig.defaults().limitsOrDefaults()).isEqualTo(Limits.defaults());
  }

  @Test
  void auditNeedsAPathWhenEnabled() throws Exception {
    assertThatThrownBy(() -> RexdConfig.parse("[audit]\nenabled = true\n", "a.toml").auditSink())
        .isInstanceOf(ConfigException.class);
    Path file = tmp.resolve("a.toml");
    Files.writeString(file, "[audit]\nenabled = false\npath = \"/nonexistent/x\"\n");
    assertThat(RexdConfig.load(file).auditSink()).isNotNull();
  }
}
