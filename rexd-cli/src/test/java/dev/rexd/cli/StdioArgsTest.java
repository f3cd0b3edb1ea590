package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StdioArgsTest {
  private static RexdMain main() {
    return new RexdMain(System.err, System.err);
  }

  @Test
  void takesTheStdioFormsOnly() {
    RexdMain m = main();
    assertThat(m.takeStdioArgs(new String[] {"--stdio"})).isTrue();
    assertThat(m.config).isNull();
    m = main();
    assertThat(m.takeStdioArgs(new String[] {"--config", "/etc/r.toml", "--stdio"})).isTrue();
    assertThat(m.config).isEqualTo(Path.of("/etc/r.toml"));
    m = main();
    assertThat(m.takeStdioArgs(new String[] {"--stdio", "--config=/x.toml"})).isTrue();
    assertThat(m.config).isEqualTo(Path.of("/x.toml"));
  }

  @Test
  void leavesEverythingElseToTheOptionParser() {
    for (String[] args : new String[][] {
        {}, {"--help"}, {"--version"}, {"--http", "127.0.0.1:1"}, {"--stdio", "--http", "x"},
        {"--stdio", "--stdio"}, {"--stdio", "--config"}, {"--stdio", "--config", "--help"},
        {"--stdio", "--config", "a", "--config", "b"}, {"exec", "--target", "t"}, {"--stdio", "extra"}}) {
      RexdMain m = main();
      assertThat(m.takeStdioArgs(args)).as(String.join(" ", args)).isFalse();
      assertThat(m.stdio).isFalse();
    }
  }
}
