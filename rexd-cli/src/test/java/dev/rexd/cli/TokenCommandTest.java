package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.config.RexdConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rexd token hash prints a config entry that authenticates the token it printed, never the token itself. */
class TokenCommandTest {
  @Test
  void aNewTokenIsShownOnceOnStderrAndItsHashIsTheConfigEntry() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RexdMain.run(new String[] {"token", "hash", "--new", "--name", "alice", "--role", "operator"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isZero();
    String token = err.toString(StandardCharsets.UTF_8).replaceAll("(?s).*shown once\\): (\\p{XDigit}+).*", "$1");
    String entry = out.toString(StandardCharsets.UTF_8);
    assertThat(entry).doesNotContain(token).contains("token_sha256 = \"" + TokenTable.sha256Hex(token) + "\"");
    RexdConfig config = RexdConfig.parse(entry, "entry.toml");
    assertThat(config.authenticator(Map.of()).authenticate(token)).hasToString("Principal[name=alice, role=OPERATOR]");
  }

  @Test
  void aBadRoleIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RexdMain.run(new String[] {"token", "hash", "--new", "--role", "admin"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("agent, viewer or operator");
  }
}
