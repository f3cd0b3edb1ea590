package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rexd read} against a real stdio target. */
class ReadCommandIT {
  @TempDir Path tmp;
  private ClientCli cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = new ClientCli(tmp);
  }

  @Test
  void printsTheFileExactly() throws Exception {
    String text = "line 1\nzwei — 2\nno newline at the end";
    Files.writeString(cli.root.resolve("notes.txt"), text, StandardCharsets.UTF_8);
    ClientCli.Result r = cli.run("", "read", "--target", "local", "notes.txt");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(text);
  }

  @Test
  void aMissingFileIsAClearErrorWithExit1() throws Exception {
    ClientCli.Result r = cli.run("", "read", "--target", "local", "missing.txt");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("rexd: fs.read failed:").contains("not_found").doesNotContain("\tat ");
  }

  @Test
  void aPathOutsideTheRootsIsRefused() throws Exception {
    ClientCli.Result r = cli.run("", "read", "--target", "local", "/etc/hostname");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("outside");
  }
}
