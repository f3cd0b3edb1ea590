package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rexd exec} against a real stdio target (live output, exit codes, stdin, cwd), and against
 * a real {@code rexd --http} server through an http target, where the client polls the output.
 */
class ExecCommandIT {
  private static final String TOKEN = "exec-it";

  @TempDir Path tmp;
  private ClientCli cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = new ClientCli(tmp);
  }

  @Test
  void theRemoteExitCodeIsRexdsAndOutputGoesToTheMatchingStream() throws Exception {
    ClientCli.Result r = cli.run("", "exec", "--target", "local", "--", "sh", "-c", "echo out; echo err >&2; exit 7");
    assertThat(r.code()).isEqualTo(7);
    assertThat(r.out()).isEqualTo("out\n");
    assertThat(r.err()).contains("err\n").doesNotContain("out\n");
  }

  @Test
  void aSpawnedServersStderrIsShownOnlyWhenTheCommandFails() throws Exception {
    cli.addTarget("noisy", "{\"transport\": \"stdio\", \"command\": \"echo noisy banner >&2; exec '"
        + RexdProcess.script() + "' --stdio --config '" + cli.dir.resolve("rexd.toml") + "'\"}");
    cli.addTarget("broken", "{\"transport\": \"stdio\", \"command\": \"echo no rexd on this host >&2; exit 3\"}");
    ClientCli.Result ok = cli.run("", "exec", "--target", "noisy", "--", "echo", "fine");
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).isEqualTo("fine\n");
    assertThat(ok.err()).doesNotContain("noisy banner");
    ClientCli.Result failed = cli.run("", "exec", "--target", "broken", "--", "echo", "never");
    assertThat(failed.code()).isEqualTo(1);
    assertThat(failed.err()).contains("no rexd on this host\n").contains("rexd: cannot reach target 'broken'")
        .contains("exited with status 3").doesNotContain("\tat ");
  }

  @Test
  void outputIsStreamedWhileTheCommandRuns() throws Exception {
    assertOutputIsStreamedWhileTheCommandRuns("local");
  }

  /** Serves the root over {@code rexd --http} with a token, named {@code web} in targets.json. */
  private HttpServerProcess serveHttpTarget() throws Exception {
    Path config = Files.writeString(tmp.resolve("http.toml"), "[server]\nauth_token = \"" + TOKEN + "\"\n"
        + "[[security.allowed_roots]]\npath = '" + cli.root + "'\n");
    HttpServerProcess rexd = HttpServerProcess.start(tmp, "--config", config.toString());
    cli.addTarget("web", "{\"transport\": \"http\", \"url\": \"" + rexd.uri("http", "/rpc") + "\", \"token\": \""
        + TOKEN + "\"}");
    return rexd;
  }

  @Test
  void anHttpTargetRunsCommandsWithExactOutputStdinAndExitCode() throws Exception {
    HttpServerProcess rexd = serveHttpTarget();
    try {
      ClientCli.Result r = cli.run("hello\n", "exec", "--target", "web", "-i", "--", "sh", "-c",
          "cat; printf 'é€😀\\n'; printf 'ünï\\n' >&2; exit 5");
      assertThat(r.code()).isEqualTo(5);
      assertThat(r.out()).isEqualTo("hello\né€😀\n");
      assertThat(r.err()).contains("ünï\n").doesNotContain("hello");
      ClientCli.Result killed = cli.run("", "exec", "--target", "web", "--timeout", "1", "--", "sleep", "30");
      assertThat(killed.code()).isEqualTo(128 + 15);
    } finally {
      rexd.stop();
    }
  }

  @Test
  void anHttpTargetStreamsOutputWhileTheCommandRuns() throws Exception {
    HttpServerProcess rexd = serveHttpTarget();
    try {
      assertOutputIsStreamedWhileTheCommandRuns("web");
    } finally {
      rexd.stop();
    }
  }

  private void assertOutputIsStreamedWhileTheCommandRuns(String target) throws Exception {
    Path go = cli.root.resolve("go");
    String script = "echo first; echo first-err >&2; while [ ! -f go ]; do sleep 0.05; done; echo second";
    Path err = tmp.resolve("stream-err");
    Process p = cli.start(List.of("exec", "--target", target, "--", "sh", "-c", script), err);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("first");
      assertThat(p.isAlive()).as("still running while its first line arrived").isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!Files.readString(err).contains("first-err") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.readString(err)).contains("first-err");
      assertThat(p.isAlive()).isTrue();
      Files.writeString(go, "");
      assertThat(out.readLine()).isEqualTo("second");
      assertThat(out.readLine()).isNull();
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void aSignalFromTheServerExitsWith128PlusItsNumber() throws Exception {
    ClientCli.Result r = cli.run("", "exec", "--target", "local", "--timeout", "1", "--", "sleep", "30");
    assertThat(r.code()).isEqualTo(128 + 15);
    assertThat(r.err()).contains("rexd: sleep 30 timed out on local");
  }

  @Test
  void stdinIsEmptyUnlessAskedFor() throws Exception {
    assertThat(cli.run("hello\n", "exec", "--target", "local", "--", "wc", "-c").out().trim()).isEqualTo("0");
    assertThat(cli.run("hello\n", "exec", "--target", "local", "-i", "--", "wc", "-c").out().trim()).isEqualTo("6");
  }

  @Test
  void cwdIsWhereTheCommandRunsAndTheCommandNeedsNoDoubleDash() throws Exception {
    Files.createDirectories(cli.root.resolve("sub"));
    ClientCli.Result r = cli.run("", "exec", "--target", "local", "--cwd", "sub", "sh", "-c", "pwd; ls -a");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith(cli.root.resolve("sub") + "\n.\n..\n");
  }

  @Test
  void aCommandTheServerCannotStartIsAClearError() throws Exception {
    ClientCli.Result r = cli.run("", "exec", "--target", "local", "--", "no-such-program-here");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("rexd: exec.start failed:").contains("no-such-program-here").doesNotContain("\tat ");
  }

  @Test
  void withoutATargetItIsAUsageError() throws Exception {
    ClientCli.Result r = cli.run("", "exec", "--", "true");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--target=NAME'");
  }
}
