package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The server's usual command lines, parsed without the option parser; anything else goes to it. */
class ServeArgsTest {
  private static RexdMain main() {
    return new RexdMain(System.err, System.err);
  }

  @Test
  void takesTheStdioForms() {
    RexdMain m = main();
    assertThat(m.takeServeArgs(new String[] {"--stdio"})).isTrue();
    assertThat(m.stdio).isTrue();
    assertThat(m.config).isNull();
    assertThat(m.http).isNull();
    m = main();
    assertThat(m.takeServeArgs(new String[] {"--config", "/etc/r.toml", "--stdio"})).isTrue();
    assertThat(m.config).isEqualTo(Path.of("/etc/r.toml"));
    m = main();
    assertThat(m.takeServeArgs(new String[] {"--stdio", "--config=/x.toml"})).isTrue();
    assertThat(m.config).isEqualTo(Path.of("/x.toml"));
  }

  @Test
  void takesTheHttpForms() {
    RexdMain m = main();
    assertThat(m.takeServeArgs(new String[] {"--http", "127.0.0.1:8080"})).isTrue();
    assertThat(m.http).isEqualTo("127.0.0.1:8080");
    assertThat(m.stdio).isFalse();
    assertThat(m.insecure).isFalse();
    assertThat(m.config).isNull();
    m = main();
    assertThat(m.takeServeArgs(new String[] {"--insecure", "--config", "/etc/r.toml", "--http=0.0.0.0:9"})).isTrue();
    assertThat(m.http).isEqualTo("0.0.0.0:9");
    assertThat(m.insecure).isTrue();
    assertThat(m.config).isEqualTo(Path.of("/etc/r.toml"));
  }

  @Test
  void leavesEverythingElseToTheOptionParser() {
    for (String[] args : new String[][] {
        {}, {"--help"}, {"--version"}, {"--stdio", "--http", "x"}, {"--http", "a:1", "--http", "b:2"},
        {"--http"}, {"--http", "--stdio"}, {"--http="}, {"--insecure"}, {"--stdio", "--insecure"},
        {"--http", "a:1", "--insecure", "--insecure"}, {"--connect", "wss://hub/agents"},
        {"--stdio", "--stdio"}, {"--stdio", "--config"}, {"--stdio", "--config", "--help"}, {"--stdio", "--config="},
        {"--stdio", "--config", "a", "--config", "b"}, {"exec", "--target", "t"}, {"--stdio", "extra"}}) {
      RexdMain m = main();
      assertThat(m.takeServeArgs(args)).as(String.join(" ", args)).isFalse();
      assertThat(m.stdio).isFalse();
      assertThat(m.http).isNull();
      assertThat(m.config).isNull();
    }
  }
}
