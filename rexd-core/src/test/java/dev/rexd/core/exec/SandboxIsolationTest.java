package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.session.SandboxInfo;
import dev.rexd.core.Limits;
import dev.rexd.core.exec.ExecFixture.Run;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.core.sandbox.SandboxSpawner;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a shell inside the sandbox can and cannot reach, checked from inside with real
 * {@code bwrap}: writes outside the roots fail, files outside the roots and the system
 * directories are absent, no network unless allowed, its own PID namespace, limits that bind,
 * signals that reach the program.
 */
class SandboxIsolationTest {
  @TempDir
  Path root;

  @TempDir
  Path outside;

  private ExecFixture fx;

  @BeforeAll
  static void sandboxAvailable() {
    SandboxCheck check = SandboxCheck.run(SandboxSettings.defaults());
    assumeTrue(check.usable(), () -> "no sandbox on this host: " + check.items());
  }

  private Session open(SandboxSettings settings) throws IOException {
    root = root.toRealPath();
    SandboxSpawner spawner = SandboxSpawner.wrap(Spawners.system(), settings);
    ProcessService service = new ProcessService(ProcessPolicy.defaults().withKillGraceMillis(ExecFixture.GRACE_MILLIS),
        () -> spawner, List.of());
    fx = new ExecFixture(root, Limits.defaults(), service);
    return fx.open("s1");
  }

  @AfterEach
  void close() {
    if (fx != null) {
      fx.close();
    }
  }

  private Run sh(Session s, String command) throws InterruptedException {
    return fx.run(s, Start.sh(s.id(), command).stdin(""));
  }

  @Test
  void writesOutsideTheRootsFailAndInsideWork() throws Exception {
    Session s = open(SandboxSettings.defaults());
    Path hostFile = outside.resolve("escaped.txt");
    Run r = sh(s, "echo no > /etc/rexd-sandbox-test; echo no > " + hostFile + "; echo no > /usr/rexd-test;"
        + " echo yes > inside.txt && echo wrote");
    assertThat(r.out()).isEqualTo("wrote\n");
    assertThat(r.err()).contains("Read-only file system");
    assertThat(Path.of("/etc/rexd-sandbox-test")).doesNotExist();
    assertThat(Path.of("/usr/rexd-test")).doesNotExist();
    assertThat(hostFile).doesNotExist();
    assertThat(root.resolve("inside.txt")).hasContent("yes");
  }

  @Test
  void filesOutsideTheRootsAndSystemDirectoriesAreAbsent() throws Exception {
    Files.writeString(outside.resolve("config.toml"), "auth_token = \"secret\"\n");
    Session s = open(SandboxSettings.defaults());
    String home = System.getProperty("user.home");
    Run r = sh(s, "for p in " + outside + "/config.toml " + outside + " " + home + " /root /home /var /srv; do"
        + " if [ -e \"$p\" ]; then echo \"visible $p\"; fi; done; echo checked");
    assertThat(r.out()).isEqualTo("checked\n");
  }

  @Test
  void theSessionTmpIsItsOwnAndSharedByItsProcesses() throws Exception {
    Session s = open(SandboxSettings.defaults());
    Path hostTmpFile = Path.of("/tmp/rexd-sandbox-probe-" + ProcessHandle.current().pid());
    Files.deleteIfExists(hostTmpFile);
    sh(s, "echo from-first > /tmp/shared.txt; echo x > " + hostTmpFile);
    Run second = sh(s, "cat /tmp/shared.txt");
    assertThat(second.out()).isEqualTo("from-first\n");
    assertThat(hostTmpFile).as("the host's /tmp").doesNotExist();
  }

  @Test
  void aSymlinkPlantedInARootLeadsNowhereOutside() throws Exception {
    Files.writeString(outside.resolve("secret"), "s3cret\n");
    Files.createSymbolicLink(root.resolve("link"), outside);
    Session s = open(SandboxSettings.defaults());
    Run r = sh(s, "cat link/secret || echo unreachable");
    assertThat(r.out()).isEqualTo("unreachable\n");
  }

  @Test
  void hiddenPathsUnderARootShowNothing() throws Exception {
    Path state = Files.createDirectories(root.resolve("state"));
    Files.writeString(state.resolve("journal"), "private\n");
    Session s = open(SandboxSettings.defaults().hiding(List.of(state)));
    Run r = sh(s, "ls -A state; echo listed");
    assertThat(r.out()).isEqualTo("listed\n");
  }

  @Test
  void psSeesOnlyTheSandboxesProcesses() throws Exception {
    Session s = open(SandboxSettings.defaults());
    Run r = sh(s, "ps -e -o pid= | wc -l");
    // bwrap's init, the shell, ps and wc: nothing of the host
    assertThat(Integer.parseInt(r.out().strip())).isBetween(2, 5);
  }

  @Test
  void noNetworkUnlessAllowed() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String connect = "bash -c 'echo hi > /dev/tcp/127.0.0.1/" + listener.getLocalPort() + "' && echo connected"
          + " || echo refused";
      Session off = open(SandboxSettings.defaults());
      assertThat(sh(off, connect).out()).isEqualTo("refused\n");
      fx.close();

      CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
        try {
          return listener.accept();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      Session on = open(SandboxSettings.defaults().withNetwork(true));
      assertThat(sh(on, connect).out()).isEqualTo("connected\n");
      accepted.get(10, TimeUnit.SECONDS).close();
    }
  }

  @Test
  void aMemoryHogHitsMaxMemoryAndTheServerLives() throws Exception {
    SandboxSettings settings = SandboxSettings.defaults().withMaxMemoryMb(64);
    SandboxInfo.Limit limit = SandboxSpawner.wrap(Spawners.system(), settings).info().limits().get("max_memory_mb");
    assertThat(limit.enforced()).isTrue();
    Session s = open(settings);
    Run hog = sh(s, "head -c 200000000 /dev/zero | sort > /dev/null; echo \"sort exit $?\"");
    assertThat(hog.out()).isNotEqualTo("sort exit 0\n").startsWith("sort exit ");
    assertThat(sh(s, "echo alive").out()).isEqualTo("alive\n");
  }

  @Test
  void maxProcessesSaysWhetherItBinds() throws Exception {
    SandboxSettings settings = SandboxSettings.defaults().withMaxProcesses(32);
    SandboxInfo.Limit limit = SandboxSpawner.wrap(Spawners.system(), settings).info().limits().get("max_processes");
    if (ProcessHandle.current().info().user().orElse("").equals("root")) {
      assertThat(limit.enforced()).isFalse();
      assertThat(limit.how()).contains("uid 0");
      return;
    }
    assertThat(limit.enforced()).isTrue();
    Session s = open(settings);
    Run bomb = sh(s, "for i in $(seq 1 64); do sleep 5 & done 2>&1 | head -1; echo done");
    assertThat(bomb.out()).contains("fork");
  }

  @Test
  void termReachesTheProgramInsideAndKillEndsTheSandbox() throws Exception {
    Session s = open(SandboxSettings.defaults());
    String id = fx.start(s, Start.sh(s.id(), "trap 'echo got TERM; exit 3' TERM; echo ready;"
        + " while :; do sleep 0.1; done").stdin(""));
    awaitStdout(s, id, "ready\n");
    fx.exec.kill(s, new ExecKillParams(s.id(), id, "TERM"));
    Run r = fx.collect(s, id);
    assertThat(r.out()).isEqualTo("ready\ngot TERM\n");
    assertThat(r.exit().exitCode()).isEqualTo(3);

    String stubborn = fx.start(s, Start.sh(s.id(), "trap '' TERM; sleep 300 & echo ready; wait").stdin(""));
    awaitStdout(s, stubborn, "ready\n");
    fx.exec.kill(s, new ExecKillParams(s.id(), stubborn, "KILL"));
    Run killed = fx.collect(s, stubborn);
    assertThat(killed.exit().signal()).isEqualTo("SIGKILL");
  }

  /** Takes this process's events until its stdout so far equals {@code expected}. */
  private void awaitStdout(Session s, String id, String expected) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    while (!out.toString().equals(expected)) {
      EventRecorder.Event e = fx.events(s).next(id);
      assertThat(e.isExit()).as("exited before printing " + expected + "; printed " + out).isFalse();
      if (e.method().equals("exec.stdout")) {
        out.append(new String(e.output().encoding().decode(e.output().data()), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }
}
