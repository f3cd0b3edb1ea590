package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.OkResult;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.session.ProcessSummary;
import dev.rexd.core.Limits;
import dev.rexd.core.session.Session;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Exit states, exec.wait, exec.kill, stdin, timeouts, slots, environment and threads. */
class ExecLifecycleTest extends OnEverySpawnPath {
  @Override
  Limits limits() {
    return Limits.defaults().withMaxProcessesPerSession(4);
  }

  @Test
  void exitCodeAndStartedAt() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    var call = fx.call();
    var started = fx.exec.start(call, s, Start.sh(s.id(), "exit 3").build());
    call.runAfterResponse();
    assertThat(Instant.parse(started.startedAt())).isAfter(before).isBefore(Instant.now().plusSeconds(1));
    assertThat(started.startedAt()).endsWith("Z");

    ExecFixture.Run run = fx.collect(s, started.processId());
    assertThat(run.exit().exitCode()).isEqualTo(3);
    assertThat(run.exit().signal()).isNull();
    assertThat(run.exit().timedOut()).isFalse();
    assertThat(run.exit().durationMs()).isGreaterThanOrEqualTo(0);
    ExecWaitResult w = fx.await(s, started.processId(), null);
    assertThat(w.status()).isEqualTo(ProcessStatus.EXITED);
    assertThat(w.exitCode()).isEqualTo(3);
  }

  @Test
  void anExitCodeAbove128WithoutASignalFromUsIsAnExitCode() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "exit 143"));
    assertThat(run.exit().exitCode()).isEqualTo(143);
    assertThat(run.exit().signal()).isNull();
  }

  @Test
  void killDefaultsToTermAndReportsTheSignal() throws Exception {
    String id = fx.start(s, Start.argv(s.id(), "sleep", "30"));
    assertThat(fx.exec.kill(s, new ExecKillParams(s.id(), id, null))).isEqualTo(OkResult.OK);

    ExecFixture.Run run = fx.collect(s, id);
    assertThat(run.exit().exitCode()).isEqualTo(143);
    assertThat(run.exit().signal()).isEqualTo("SIGTERM");
    ExecWaitResult w = fx.await(s, id, 0L);
    assertThat(w.status()).isEqualTo(ProcessStatus.KILLED);
    assertThat(w.signal()).isEqualTo("SIGTERM");
    assertThat(w.exitCode()).isEqualTo(143);
  }

  @Test
  void killAcceptsNamesWithAndWithoutSigPrefix() throws Exception {
    for (String[] c : new String[][] {{"SIGKILL", "SIGKILL"}, {"int", "SIGINT"}, {"HUP", "SIGHUP"},
        {"SIGUSR1", "SIGUSR1"}, {"QUIT", "SIGQUIT"}}) {
      String id = fx.start(s, Start.argv(s.id(), "sleep", "30"));
      fx.exec.kill(s, new ExecKillParams(s.id(), id, c[0]));
      assertThat(fx.collect(s, id).exit().signal()).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void childrenStartWithNoSignalBlocked() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "grep", "SigBlk", "/proc/self/status"));
    assertThat(run.out()).matches("SigBlk:\\s+0+\n");
  }

  @Test
  void killOnAnEndedProcessIsOk() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "true"));
    assertThat(fx.exec.kill(s, new ExecKillParams(s.id(), run.processId(), "KILL")).ok()).isTrue();
    assertThat(fx.await(s, run.processId(), null).status()).isEqualTo(ProcessStatus.EXITED);
  }

  @Test
  void unknownSignalIsInvalidParams() {
    String id = fx.start(s, Start.argv(s.id(), "sleep", "30"));
    assertThatThrownBy(() -> fx.exec.kill(s, new ExecKillParams(s.id(), id, "STOP")))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS));
    fx.exec.kill(s, new ExecKillParams(s.id(), id, "KILL"));
  }

  @Test
  void waitBeforeDuringAndAfterExitWithConcurrentWaiters() throws Exception {
    String id = fx.start(s, Start.argv(s.id(), "cat"));
    List<CompletableFuture<ExecWaitResult>> waiters = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      waiters.add(CompletableFuture.supplyAsync(() -> fx.await(s, id, null)));
    }
    ExecWaitResult early = fx.await(s, id, 100L);
    assertThat(early.status()).isEqualTo(ProcessStatus.RUNNING);
    assertThat(early.exitCode()).isNull();
    assertThat(waiters).noneMatch(CompletableFuture::isDone);

    fx.exec.input(s, new ExecInputParams(s.id(), id, "bye\n", null, true));
    for (CompletableFuture<ExecWaitResult> w : waiters) {
      ExecWaitResult r = w.get(20, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(ProcessStatus.EXITED);
      assertThat(r.exitCode()).isZero();
      assertThat(r.bytesStdout()).isEqualTo(4);
    }
    assertThat(fx.collect(s, id).out()).isEqualTo("bye\n");
    for (int i = 0; i < 3; i++) {
      assertThat(fx.await(s, id, 0L)).isEqualTo(waiters.get(0).get());
      assertThat(fx.await(s, id, null)).isEqualTo(waiters.get(0).get());
    }
  }

  @Test
  void stdinAbsentStaysOpenForInputUntilEof() throws Exception {
    String id = fx.start(s, Start.argv(s.id(), "cat"));
    assertThat(fx.exec.input(s, new ExecInputParams(s.id(), id, "héllo ", null, null)).acceptedBytes()).isEqualTo(7);
    String b64 = Base64.getEncoder().encodeToString(new byte[] {'w', 'o', 'r', 'l', 'd'});
    assertThat(fx.exec.input(s, new ExecInputParams(s.id(), id, b64, Encoding.BASE64, false)).acceptedBytes())
        .isEqualTo(5);
    // cat echoes what it read and keeps reading: stdin is still open
    StringBuilder echoed = new StringBuilder();
    while (!echoed.toString().equals("héllo world")) {
      echoed.append(fx.events(s).next(id).output().data());
    }
    assertThat(fx.await(s, id, 0L).status()).isEqualTo(ProcessStatus.RUNNING);
    assertThat(fx.exec.input(s, new ExecInputParams(s.id(), id, null, null, true)).acceptedBytes()).isZero();

    assertThat(fx.collect(s, id).out()).isEqualTo("héllo world");
    assertThat(fx.exec.input(s, new ExecInputParams(s.id(), id, null, null, true)).acceptedBytes()).isZero();
    assertThatThrownBy(() -> fx.exec.input(s, new ExecInputParams(s.id(), id, "late", null, null)))
        .isInstanceOfSatisfying(RexdException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
          assertThat(e.reason()).isEqualTo(Reasons.STDIN_CLOSED);
        });
  }

  @Test
  void dataWithEofIsWrittenThenClosed() throws Exception {
    String id = fx.start(s, Start.argv(s.id(), "wc", "-c"));
    fx.exec.input(s, new ExecInputParams(s.id(), id, "12345", null, true));
    assertThat(fx.collect(s, id).out().trim()).isEqualTo("5");
  }

  @Test
  void emptyStdinClosesItAtOnce() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "cat").stdin(""));
    assertThat(run.stdout()).isEmpty();
    assertThat(run.exit().exitCode()).isZero();
  }

  @Test
  void givenStdinIsWrittenThenClosedAndInputIsRefused() throws Exception {
    String big = "x".repeat(900_000) + "\n";
    String id = fx.start(s, Start.argv(s.id(), "cat").stdin(big));
    assertThatThrownBy(() -> fx.exec.input(s, new ExecInputParams(s.id(), id, "more", null, null)))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.STDIN_CLOSED));
    String out = fx.collect(s, id).out();
    assertThat(out.length()).isEqualTo(big.length());
    assertThat(out.equals(big)).as("output equals input").isTrue();
  }

  @Test
  void timeoutTerminatesTheGroupAndSaysTimedOut() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "sleep", "30").timeoutMs(200));
    assertThat(run.exit().timedOut()).isTrue();
    assertThat(run.exit().signal()).isEqualTo("SIGTERM");
    assertThat(run.exit().exitCode()).isEqualTo(143);
    ExecWaitResult w = fx.await(s, run.processId(), null);
    assertThat(w.status()).isEqualTo(ProcessStatus.TIMED_OUT);
    assertThat(w.timedOut()).isTrue();
  }

  @Test
  void aChildIgnoringTermIsKilledAfterTheGrace() throws Exception {
    // the timeout must come after the trap is set: a sandbox on a busy host takes a while to start
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "trap '' TERM; sleep 30").timeoutMs(2_000));
    assertThat(run.exit().timedOut()).isTrue();
    assertThat(run.exit().signal()).isEqualTo("SIGKILL");
  }

  @Test
  void timeoutDefaultsToTheSessionDefaultAndIsCappedByTheHardLimit() throws Exception {
    ExecFixture capped = new ExecFixture(root, path,
        Limits.defaults().withDefaultTimeoutMs(150).withHardTimeoutMs(300));
    try (capped) {
      Session t = capped.open("t");
      ExecFixture.Run byDefault = capped.run(t, Start.argv(t.id(), "sleep", "30"));
      assertThat(byDefault.exit().timedOut()).isTrue();
      ExecFixture.Run byCap = capped.run(t, Start.argv(t.id(), "sleep", "30").timeoutMs(3_600_000));
      assertThat(byCap.exit().timedOut()).isTrue();
      assertThat(byCap.exit().durationMs()).isLessThan(10_000);
    }
  }

  @Test
  void maxProcessesPerSessionIsEnforcedAndSlotsComeBack() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(fx.start(s, Start.argv(s.id(), "cat")));
    }
    assertThatThrownBy(() -> fx.start(s, Start.argv(s.id(), "true")))
        .isInstanceOfSatisfying(RexdException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_LIMIT);
          assertThat(e.reason()).isEqualTo(Reasons.TOO_MANY_PROCESSES);
        });
    Session other = fx.open("s2");
    assertThat(fx.run(other, Start.argv(other.id(), "true")).exit().exitCode()).isZero();

    fx.exec.input(s, new ExecInputParams(s.id(), ids.get(0), null, null, true));
    fx.collect(s, ids.get(0));
    assertThat(fx.run(s, Start.argv(s.id(), "true")).exit().exitCode()).isZero();
    for (String id : ids.subList(1, 4)) {
      fx.exec.input(s, new ExecInputParams(s.id(), id, null, null, true));
      fx.collect(s, id);
    }
    assertThat(s.runningProcesses()).isZero();
  }

  @Test
  void sessionInfoListsProcessesWithStatus() throws Exception {
    ExecFixture.Run done = fx.run(s, Start.argv(s.id(), "echo", "a"));
    String running = fx.start(s, Start.sh(s.id(), "read x; sleep 30"));

    List<ProcessSummary> list = s.processes();
    assertThat(list).extracting(ProcessSummary::processId).containsExactly(done.processId(), running);
    assertThat(list.get(0).argv()).containsExactly("echo", "a");
    assertThat(list.get(0).command()).isNull();
    assertThat(list.get(0).status()).isEqualTo(ProcessStatus.EXITED);
    assertThat(list.get(1).argv()).isNull();
    assertThat(list.get(1).command()).isEqualTo("read x; sleep 30");
    assertThat(list.get(1).status()).isEqualTo(ProcessStatus.RUNNING);
    assertThat(list.get(1).pid()).isPositive();
    fx.exec.kill(s, new ExecKillParams(s.id(), running, "KILL"));
    fx.collect(s, running);
    assertThat(s.processes().get(1).status()).isEqualTo(ProcessStatus.KILLED);
  }

  @Test
  void environmentIsMergedOverTheServers() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "sh", "-c", "echo \"$REXD_TEST_VAR|$PATH\"")
        .env(Map.of("REXD_TEST_VAR", "v 1")));
    assertThat(run.out()).isEqualTo("v 1|" + System.getenv("PATH") + "\n");
  }

  @Test
  void argv0IsFoundInTheServersPathAndTheRequestsPathIsTheChilds() throws Exception {
    Path bin = Files.createDirectories(root.resolve("bin"));
    Path tool = bin.resolve("rexd-test-tool");
    Files.writeString(tool, "#!/bin/sh\necho tool \"$@\"\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));

    assertThatThrownBy(() -> fx.start(s, Start.argv(s.id(), "rexd-test-tool", "x").env(env)))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.NOT_FOUND));
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "sh", "-c", "rexd-test-tool x").env(env));
    assertThat(run.out()).isEqualTo("tool x\n");
  }

  @Test
  void cwdIsResolvedAgainstTheSession() throws Exception {
    Files.createDirectories(root.resolve("sub/dir"));
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "pwd").cwd("sub/dir"));
    assertThat(run.out()).isEqualTo(root.toRealPath().resolve("sub/dir") + "\n");
    ExecFixture.Run dflt = fx.run(s, Start.argv(s.id(), "pwd"));
    assertThat(dflt.out()).isEqualTo(root.toRealPath() + "\n");
  }

  @Test
  void shellAndLoginShellRunTheCommand() throws Exception {
    assertThat(fx.run(s, Start.sh(s.id(), "echo $((6*7)) | cat")).out()).isEqualTo("42\n");
    assertThat(fx.run(s, Start.sh(s.id(), "echo login").login()).out()).isEqualTo("login\n");
  }

  @Test
  void theChildLeadsItsOwnSessionAndGroup() throws Exception {
    assumeTrue(path != SpawnPath.SANDBOXED, "in a sandbox the PID namespace's init leads the session; "
        + "SandboxIsolationTest checks where its signals go");
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "sh", "-c", "echo $$; ps -o pgid= -o sid= -p $$"));
    String[] lines = run.out().split("\n");
    long pid = Long.parseLong(lines[0].trim());
    String[] ids = lines[1].trim().split("\\s+");
    assertThat(Long.parseLong(ids[0])).isEqualTo(pid);
    assertThat(Long.parseLong(ids[1])).isEqualTo(pid);
    assertThat(s.processes().get(0).pid()).isEqualTo(pid);
  }

  @Test
  void noThreadWorksForAProcessOnceItEnded() throws Exception {
    // an earlier test's process may still be ending on a thread named for the same id (ids are per session)
    Set<Thread> busyBefore = Set.copyOf(threadsNamed("rexd-proc-"));
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "cat").stdin("some input"));
    assertThat(awaitNoThreadNamed("rexd-proc-" + run.processId() + "-")).isSubsetOf(busyBefore);
  }

  @Test
  void processesReuseTheirThreads() throws Exception {
    awaitNoThreadNamed("rexd-proc-" + fx.run(s, Start.argv(s.id(), "true")).processId() + "-");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long startedBefore = threads.getTotalStartedThreadCount();
    int runs = 10;
    for (int i = 0; i < runs; i++) {
      awaitNoThreadNamed("rexd-proc-" + fx.run(s, Start.argv(s.id(), "true")).processId() + "-");
    }
    // each run has two pumps and a reaper: a thread per task would start at least 3 per run; a
    // spawn path may start one of its own per child (the sandbox's status reader)
    assertThat(threads.getTotalStartedThreadCount() - startedBefore).isLessThan(2L * runs);
  }

  /**
   * Waits (10 s at most) until no thread carries a name starting with {@code prefix}: a pooled
   * thread has a task's name until the task returned, just after the exit event. Returns those
   * still named so then, each checked to be a daemon.
   */
  private static List<Thread> awaitNoThreadNamed(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Thread> working = threadsNamed(prefix);
    for (int i = 0; i < 1_000 && !working.isEmpty() && System.nanoTime() < deadline; i++) {
      for (Thread t : working) {
        assertThat(t.isDaemon()).as(t.getName()).isTrue();
      }
      Thread.sleep(10);
      working = threadsNamed(prefix);
    }
    return working;
  }

  private static List<Thread> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
  }

  @Test
  void inputBytesAreExactForBinaryData() throws Exception {
    byte[] data = new byte[256];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    String id = fx.start(s, Start.argv(s.id(), "cat"));
    fx.exec.input(s, new ExecInputParams(s.id(), id, Base64.getEncoder().encodeToString(data), Encoding.BASE64, true));
    assertThat(fx.collect(s, id).stdout()).isEqualTo(data);
  }
}
