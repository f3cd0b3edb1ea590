package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/rexd} keeps one start-up archive for stdio and one, trained over HTTP, for {@code --http}. */
class LaunchArchiveIT {
  @TempDir Path tmp;

  private String run(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = RexdProcess.builder(List.of(args)).directory(tmp.toFile()).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return err;
  }

  @Test
  void anHttpServerGetsAnArchiveTrainedOverHttp() throws Exception {
    run(Map.of("REXD_ARCHIVE", "create"), "--http");

    String http = run(Map.of("REXD_LAUNCH_INFO", "1"), "--http", "127.0.0.1:0");
    String stdio = run(Map.of("REXD_LAUNCH_INFO", "1"), "--stdio");

    assertThat(http).containsPattern("archive=\\S+-http\\.(aot|jsa) state=ready");
    assertThat(stdio).containsPattern("archive=\\S+\\.(aot|jsa) state=").doesNotContain("-http.");
  }
}
