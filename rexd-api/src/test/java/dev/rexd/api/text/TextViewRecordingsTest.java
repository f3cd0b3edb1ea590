package dev.rexd.api.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The text view against what real programs wrote to a terminal. Fixtures (made by
 * {@code record.sh} beside them): {@code NAME.raw} as `script` captured it, {@code NAME.screen} as
 * tmux showed it. Live: {@code ls} and {@code git log} with colours forced must read as without.
 */
class TextViewRecordingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"ls-color", "git-log-color", "dd-progress", "apt-get", "top"})
  void readsAsTheTerminalShowedIt(String name) throws IOException {
    byte[] raw = resource(name + ".raw");
    String screen = new String(resource(name + ".screen"), StandardCharsets.UTF_8);
    assertThat(trimmed(TextView.render(raw))).isEqualTo(trimmed(screen));
  }

  @Test
  void recordingsHadEscapesAndRedraws() throws IOException {
    assertThat(new String(resource("ls-color.raw"), StandardCharsets.UTF_8)).contains("\u001b[");
    assertThat(new String(resource("git-log-color.raw"), StandardCharsets.UTF_8)).contains("\u001b[");
    assertThat(new String(resource("dd-progress.raw"), StandardCharsets.UTF_8)).contains("MB/s\r");
    assertThat(new String(resource("apt-get.raw"), StandardCharsets.UTF_8)).contains("%\r");
  }

  @Test
  void colouredLsReadsAsPlainLs(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("src/main"));
    Files.writeString(dir.resolve("café.txt"), "x");
    Files.writeString(dir.resolve("run.sh"), "x");
    dir.resolve("run.sh").toFile().setExecutable(true);
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("src"));
    byte[] coloured = run(dir, "ls", "--color=always", "-F", "-l", "--time-style=+T", ".", "src");
    assertThat(new String(coloured, StandardCharsets.UTF_8)).contains("\u001b[");
    assertThat(TextView.render(coloured))
        .isEqualTo(new String(run(dir, "ls", "--color=never", "-F", "-l", "--time-style=+T", ".", "src"),
            StandardCharsets.UTF_8));
  }

  @Test
  void colouredGitLogReadsAsPlainGitLog(@TempDir Path dir) throws Exception {
    run(dir, "git", "init", "-q", "-b", "main");
    Files.writeString(dir.resolve("a"), "a");
    run(dir, "git", "add", "a");
    run(dir, "git", "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "Ünïcode subject");
    run(dir, "git", "tag", "v1");
    String[] log = {"git", "--no-pager", "log", "--graph", "--decorate", "--stat", "--format=%h%d %s"};
    byte[] coloured = run(dir, concat(log, "--color=always"));
    assertThat(new String(coloured, StandardCharsets.UTF_8)).contains("\u001b[");
    assertThat(TextView.render(coloured)).isEqualTo(new String(run(dir, concat(log, "--no-color")), StandardCharsets.UTF_8));
  }

  private static String[] concat(String[] a, String b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + 1);
    r[a.length] = b;
    return r;
  }

  private static byte[] run(Path dir, String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", List.of(argv), new String(out, StandardCharsets.UTF_8)).isZero();
    return out;
  }

  /** Terminals do not show trailing spaces or trailing empty lines. */
  private static String trimmed(String text) {
    return text.lines().map(String::stripTrailing).collect(Collectors.joining("\n")).strip();
  }

  private static byte[] resource(String name) {
    try (InputStream in = TextViewRecordingsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
