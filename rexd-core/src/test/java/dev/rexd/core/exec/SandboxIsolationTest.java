package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.session.SandboxInfo;
import dev.rexd.core.Limits;
import dev.rexd.core.exec.ExecFixture.Run;
import dev.rexd.core.fd.SwapRacer;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.core.sandbox.SandboxSpawner;
import dev.rexd.core.sandbox.TestSandbox;
import dev.rexd.core.session.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    return open(settings, List.of(root.toRealPath()));
  }

  private Session open(SandboxSettings settings, List<Path> roots) throws IOException {
    root = root.toRealPath();
    SandboxSpawner spawner = SandboxSpawner.wrap(Spawners.system(), settings);
    ProcessService service = new ProcessService(ProcessPolicy.defaults().withKillGraceMillis(ExecFixture.GRACE_MILLIS),
        () -> spawner, List.of());
    fx = new ExecFixture(root, Limits.defaults(), service);
    return fx.open("s1", new EventRecorder(), roots);
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
    Path homeFile = Path.of(System.getProperty("user.home"), "rexd-sandbox-test-" + ProcessHandle.current().pid());
    Run r = sh(s, "echo no > /etc/rexd-sandbox-test; echo no > " + hostFile + "; echo no > /usr/rexd-test;"
        + " echo no > " + homeFile + "; echo yes > inside.txt && echo wrote");
    assertThat(r.out()).isEqualTo("wrote\n");
    assertThat(r.err()).contains("Read-only file system");
    assertThat(Path.of("/etc/rexd-sandbox-test")).doesNotExist();
    assertThat(Path.of("/usr/rexd-test")).doesNotExist();
    assertThat(hostFile).as("a file in the host's /tmp").doesNotExist();
    assertThat(homeFile).as("a file in the server's home").doesNotExist();
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
  void theSessionTmpIsNotAnotherSessionsAndIsRemovedWithItsSession() throws Exception {
    Session first = open(SandboxSettings.defaults());
    String marker = "rexd-tmp-marker-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    sh(first, "echo mine > /tmp/" + marker);
    Path hostTmp = sessionTmpHolding(marker);
    Session second = fx.open("s2", new EventRecorder(), List.of(root));
    assertThat(sh(second, "cat /tmp/" + marker + " 2>/dev/null || echo absent").out()).isEqualTo("absent\n");

    first.close();
    assertThat(hostTmp).as("the first session's /tmp after it closed").doesNotExist();
    assertThat(sh(second, "echo still > /tmp/x && cat /tmp/x").out()).isEqualTo("still\n");
  }

  /** The host directory a session's sandboxes see as {@code /tmp}: the one holding {@code marker}. */
  private static Path sessionTmpHolding(String marker) throws IOException {
    try (var dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "rexd-sandbox-tmp-*")) {
      for (Path d : dirs) {
        if (Files.exists(d.resolve(marker))) {
          return d;
        }
      }
    }
    throw new AssertionError("no session /tmp holds " + marker);
  }

  /**
   * A plain process runs in a Unix session of its own inside the sandbox ({@code --new-session}: it
   * cannot push input into a terminal of the server's); one on a tty keeps its terminal's session.
   */
  @Test
  void plainProcessesGetASessionOfTheirOwnAndTtyOnesKeepTheirTerminals() throws Exception {
    Session s = open(SandboxSettings.defaults());
    String plain = fx.start(s, Start.sh(s.id(), "echo $$; exec sleep 30").stdin(""));
    assertThat(unixSession(programPid(s, plain))).isNotEqualTo(unixSession(sandboxPid(s, plain)));
    fx.exec.kill(s, new ExecKillParams(s.id(), plain, "KILL"));
    fx.collect(s, plain);

    assumeTrue(fx.processes.terminalsAvailable(), "pseudo-terminals do not work on this host");
    String tty = fx.start(s, Start.sh(s.id(), "echo $$; exec sleep 30").tty());
    assertThat(unixSession(programPid(s, tty))).isEqualTo(unixSession(sandboxPid(s, tty)));
    fx.exec.kill(s, new ExecKillParams(s.id(), tty, "KILL"));
    fx.collect(s, tty);
  }

  /** The host's pid of the program, which prints its pid inside the sandbox first. */
  private long programPid(Session s, String processId) throws InterruptedException {
    long host = TestSandbox.hostPid(s, processId, fx.firstPid(s, processId));
    assertThat(host).as("the program on the host").isPositive();
    return host;
  }

  private static long sandboxPid(Session s, String processId) {
    return s.processes().stream().filter(p -> p.processId().equals(processId)).findFirst().orElseThrow().pid();
  }

  /** The session id in {@code /proc/PID/stat}. */
  private static long unixSession(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
  }

  /** Without capabilities a sandboxed root cannot remount a read-only bind writable. */
  @Test
  void noCapabilitiesSoReadOnlyStaysReadOnly() throws Exception {
    Session s = open(SandboxSettings.defaults());
    Run r = sh(s, "grep '^CapEff:' /proc/self/status; mount -o remount,rw /usr 2>/dev/null && echo remounted"
        + " || echo refused; echo no > /usr/rexd-cap-test 2>/dev/null || echo read-only");
    assertThat(r.out()).isEqualTo("CapEff:\t0000000000000000\nrefused\nread-only\n");
    assertThat(Path.of("/usr/rexd-cap-test")).doesNotExist();
  }

  @Test
  void devIsMinimal() throws Exception {
    Session s = open(SandboxSettings.defaults());
    List<String> dev = sh(s, "ls -A /dev").out().lines().toList();
    assertThat(dev).contains("null", "zero", "random", "urandom", "tty", "pts")
        .isSubsetOf("core", "fd", "full", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty",
            "urandom", "zero", "console", "mqueue");
  }

  /** A session sandboxed with {@code settings}, whose {@code limit} this host reports as enforced. */
  private Session openEnforcing(SandboxSettings settings, String limit) throws IOException {
    assertThat(SandboxSpawner.wrap(Spawners.system(), settings).info().limits().get(limit).enforced()).isTrue();
    return open(settings);
  }

  @Test
  void maxCpuSecondsEndsABusyLoop() throws Exception {
    Session s = openEnforcing(SandboxSettings.defaults().withMaxCpuSeconds(1), "max_cpu_seconds");
    Run r = fx.run(s, Start.argv(s.id(), "sh", "-c", "while :; do :; done").stdin(""));
    // the kernel ends it at the limit: SIGKILL when soft and hard limit are equal, SIGXCPU before that
    assertThat(r.exit().exitCode()).isIn(128 + 9, 128 + 24);
    assertThat(r.exit().timedOut()).isFalse();
  }

  @Test
  void maxFileMbStopsALargerWrite() throws Exception {
    Session s = openEnforcing(SandboxSettings.defaults().withMaxFileMb(1), "max_file_mb");
    Run r = sh(s, "head -c 3000000 /dev/zero > big.bin; echo \"head exit $?\"");
    assertThat(r.out()).isEqualTo("head exit 153\n");   // 128 + SIGXFSZ
    assertThat(Files.size(root.resolve("big.bin"))).isEqualTo(1024L * 1024);
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
    SandboxSpawner spawner = SandboxSpawner.wrap(Spawners.system(), settings);
    SandboxInfo.Limit limit = spawner.info().limits().get("max_processes");
    boolean pidsCgroup = cgroupItem(spawner.check()).ok();
    if (!pidsCgroup && ProcessHandle.current().info().user().orElse("").equals("root")) {
      assertThat(limit.enforced()).isFalse();
      assertThat(limit.how()).contains("uid 0").contains("no cgroup pids.max");
      return;
    }
    assertThat(limit.enforced()).isTrue();
    Session s = open(settings);
    Run bomb = sh(s, "for i in $(seq 1 64); do sleep 5 & done 2>&1 | head -1; echo done");
    assertThat(bomb.out()).contains("fork");
  }

  /** This host as it is: without a delegated cgroup, limits say so and why, and processes still run. */
  @Test
  void withoutADelegatedCgroupTheLimitsSayWhy() throws Exception {
    SandboxSettings settings = SandboxSettings.defaults().withMaxMemoryMb(256).withMaxProcesses(64);
    SandboxSpawner spawner = SandboxSpawner.wrap(Spawners.system(), settings);
    SandboxCheck.Item cgroup = cgroupItem(spawner.check());
    assumeTrue(!cgroup.ok(), "this host delegates a cgroup v2 directory with memory and pids");
    assertThat(cgroup.detail()).contains("rlimits only");
    SandboxInfo.Limit memory = spawner.info().limits().get("max_memory_mb");
    assertThat(memory.enforced()).isTrue();
    assertThat(memory.how()).startsWith("RLIMIT_AS per process; no cgroup memory.max: ");
    SandboxInfo.Limit processes = spawner.info().limits().get("max_processes");
    assertThat(processes.how()).contains("no cgroup pids.max: ");
    Session s = open(settings);
    assertThat(sh(s, "echo ran").out()).isEqualTo("ran\n");
  }

  /**
   * Where a cgroup v2 directory is delegated (here a directory laid out like one), each sandbox gets
   * a cgroup of its own with memory.max and pids.max, joined before bwrap runs, removed after.
   */
  @Test
  void aDelegatedCgroupGetsEachSandboxsLimitsAndItsProcesses(@TempDir Path cgroups) throws Exception {
    Files.writeString(cgroups.resolve("cgroup.controllers"), "cpu memory pids\n");
    Files.writeString(cgroups.resolve("cgroup.subtree_control"), "memory pids\n");
    SandboxSettings settings = SandboxSettings.defaults().withMaxMemoryMb(64).withMaxProcesses(32)
        .withCgroupParent(cgroups);
    SandboxSpawner spawner = SandboxSpawner.wrap(Spawners.system(), settings);
    assertThat(cgroupItem(spawner.check()).ok()).isTrue();
    assertThat(spawner.info().limits().get("max_memory_mb").how()).startsWith("memory.max of the sandbox's cgroup");
    SandboxInfo.Limit processes = spawner.info().limits().get("max_processes");
    assertThat(processes.enforced()).isTrue();
    assertThat(processes.how()).isEqualTo("pids.max of the sandbox's cgroup");

    Session s = open(settings);
    String id = fx.start(s, Start.sh(s.id(), "echo ready; cat"));
    awaitStdout(s, id, "ready\n");
    List<Path> made;
    try (var dirs = Files.list(cgroups)) {
      made = dirs.filter(Files::isDirectory).toList();
    }
    assertThat(made).hasSize(1);
    Path cg = made.get(0);
    assertThat(cg.getFileName().toString()).startsWith("rexd-" + ProcessHandle.current().pid() + "-");
    assertThat(cg.resolve("memory.max")).hasContent(Long.toString(64L * 1024 * 1024));
    assertThat(cg.resolve("pids.max")).hasContent("32");
    assertThat(cg.resolve("cgroup.procs")).hasContent(Long.toString(s.processes().get(0).pid()));

    // cgroupfs drops a cgroup's files with it; a plain directory needs them gone first
    for (String f : List.of("memory.max", "pids.max", "cgroup.procs")) {
      Files.delete(cg.resolve(f));
    }
    fx.exec.input(s, new ExecInputParams(s.id(), id, null, null, true));
    assertThat(fx.collect(s, id).exit().exitCode()).isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.exists(cg) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(cg).as("the sandbox's cgroup after it ended").doesNotExist();
  }

  private static SandboxCheck.Item cgroupItem(SandboxCheck check) {
    return check.items().stream().filter(i -> i.name().equals("cgroup v2")).findFirst().orElseThrow();
  }

  /** A root swapped for a symlink to outside is refused, not bound where it points. */
  @Test
  void aRootSwappedForASymlinkToOutsideIsRefused(@TempDir Path box) throws Exception {
    Files.writeString(outside.resolve("secret"), "s3cret\n");
    Path data = Files.createDirectory(box.toRealPath().resolve("data"));
    Files.writeString(data.resolve("secret"), "inside\n");
    Session s = open(SandboxSettings.defaults(), List.of(root, data));
    assertThat(sh(s, "cat " + data + "/secret").out()).isEqualTo("inside\n");

    Files.move(data, box.resolve("parked"));
    Files.createSymbolicLink(data, outside);

    assertThatThrownBy(() -> sh(s, "cat " + data + "/secret"))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_PATH));
  }

  /**
   * A root exchanged with a symlink to outside, back and forth, while sandboxed processes start:
   * each start is refused or sees the root itself, never what the link points to.
   */
  @Test
  void aRootSwappedBackAndForthNeverShowsOutside(@TempDir Path box) throws Exception {
    Files.writeString(outside.resolve("secret"), "s3cret\n");
    Path data = Files.createDirectory(box.toRealPath().resolve("data"));
    Files.writeString(data.resolve("secret"), "inside\n");
    Path link = Files.createSymbolicLink(data.resolveSibling("link"), outside);
    Session s = open(SandboxSettings.defaults(), List.of(root, data));
    try (SwapRacer racer = new SwapRacer(data, link, Duration.ofSeconds(20))) {
      for (int i = 0; i < 30 && racer.running(); i++) {
        try {
          Run r = sh(s, "cat " + data + "/secret 2>/dev/null; true");
          assertThat(r.out()).as("start " + i).isIn("inside\n", "");
        } catch (RexdException refused) {
          // the root was not where it was checked: refused, as it must be
        }
      }
      assertThat(racer.swaps()).isPositive();
    }
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
