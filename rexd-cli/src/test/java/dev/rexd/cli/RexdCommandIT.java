package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code rexd} command line as an operator uses it. */
class RexdCommandIT {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private Run run(String stdin, String... args) throws Exception {
    Path errFile = tmp.resolve("stderr-" + System.nanoTime());
    Process p = RexdProcess.builder(List.of(args)).directory(tmp.toFile()).redirectError(errFile.toFile()).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, Files.readString(errFile));
  }

  @Test
  void versionAndHelp() throws Exception {
    Run v = run("", "--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("rexd ").contains("rexd/1");
    Run h = run("", "--help");
    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("--stdio", "--http", "--config");
  }

  @Test
  void withoutAConfigTheCurrentDirectoryIsTheOnlyRootAndStderrSaysSo() throws Exception {
    Run r = run("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"c\"}}\n",
        "--stdio");
    assertThat(r.code()).isZero();
    assertThat(r.err()).contains("current directory").contains(tmp.toRealPath().toString());
    assertThat(r.out().lines().toList()).hasSize(1);
    assertThat(r.out()).contains("\"workspace_roots\":[\"" + tmp.toRealPath() + "\"]");
  }

  @Test
  void stdoutCarriesOnlyProtocolLinesAndEveryRequestIsAnsweredBeforeExit() throws Exception {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      in.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
          .append(",\"method\":\"session.open\",\"params\":{\"client_name\":\"c\"}}\n");
    }
    in.append("not json\n");
    Run r = run(in.toString(), "--stdio");
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(51).allSatisfy(l -> assertThat(l).startsWith("{\"jsonrpc\":\"2.0\""));
  }

  @Test
  void aBadConfigIsAClearErrorOnStderr() throws Exception {
    Path cfg = tmp.resolve("bad.toml");
    Files.writeString(cfg, "[limits]\nmax_outptu_bytes = 1\n");
    Run r = run("", "--stdio", "--config", cfg.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("max_outptu_bytes");
  }

  @Test
  void noModeIsAUsageError() throws Exception {
    Run r = run("");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--stdio");
  }
}
