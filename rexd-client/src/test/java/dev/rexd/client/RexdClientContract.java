package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.Capabilities;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsEditResult;
import dev.rexd.api.fs.FsPatchResult;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsWriteResult;
import dev.rexd.api.fs.WriteMode;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.core.Limits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The client's behaviour against a real server, run once per transport: each transport's test
 * extends this class and says how to start a server and reach it.
 *
 * <pre>{@code
 * class InMemoryClientTest extends RexdClientContract {
 *   protected RexdClient.Builder serve(Path root, Limits limits, boolean allowShell) { ... }
 *   protected void breakConnection() { ... }
 *   protected void stopServers() { ... }
 * }
 * }</pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RexdClientContract {
  /** Limits for most tests: defaults with room for large outputs. */
  protected static final Limits LIMITS = Limits.defaults().withMaxOutputBytes(32L << 20);
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  protected Path root;

  private final List<RexdClient> clients = new ArrayList<>();

  /** Starts a server on {@code root} with these settings; returns a builder whose transport reaches it. */
  protected abstract RexdClient.Builder serve(Path root, Limits limits, boolean allowShell);

  /** Ends the server side of the latest connection abruptly, as a crash or a dropped network would. */
  protected abstract void breakConnection();

  /** Stops every server this test started. */
  protected abstract void stopServers();

  /**
   * Whether a failed connection ends the client (a stream); a transport of independent exchanges
   * (HTTP POST) fails the call and stays usable for the next one.
   */
  protected boolean aFailureEndsTheClient() {
    return true;
  }

  /** Whether the transport delivers events; without them exec output is polled and terminals are refused. */
  protected boolean carriesEvents() {
    return true;
  }

  @AfterEach
  void closeAll() {
    clients.forEach(RexdClient::close);
    stopServers();
  }

  private RexdClient client(Limits limits, boolean allowShell, UnaryOperator<RexdClient.Builder> settings) {
    RexdClient c = settings.apply(serve(root, limits, allowShell)).build();
    clients.add(c);
    return c;
  }

  private RexdClient client() {
    return client(LIMITS, true, b -> b);
  }

  private RexdSession session() {
    return client().openSession("contract");
  }

  // ---- sessions ----------------------------------------------------------------------------

  @Test
  void opensASessionThatReportsItsRootsLimitsAndCapabilities() throws Exception {
    try (RexdSession s = session()) {
      assertThat(s.id()).isNotBlank();
      assertThat(s.openResult().protocol()).isEqualTo(Capabilities.PROTOCOL);
      assertThat(s.hasCapability(Capabilities.EXEC)).isTrue();
      assertThat(s.limits()).containsEntry("max_output_bytes", 32L << 20);
      assertThat(s.workspaceRoots()).containsExactly(root.toRealPath().toString());
      assertThat(s.info().clientName()).isEqualTo("contract");
    }
  }

  @Test
  void aSessionOnARootOutsideTheServersRootsIsForbidden() {
    RexdClient c = client();
    assertThatThrownBy(() -> c.openSession("x", "/"))
        .isInstanceOfSatisfying(RexdRemoteException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_PATH);
          assertThat(e.method()).isEqualTo("session.open");
        });
  }

  @Test
  void closingASessionEndsItsProcessesAndItsIdStopsWorking() throws Exception {
    RexdClient c = client();
    RexdSession s = c.openSession("contract");
    RemoteProcess p = s.exec("sleep", "30").start();
    CompletableFuture<String> shellPid = new CompletableFuture<>();
    CompletableFuture<ExecResult> run = s.shell("echo $$; sleep 1; touch late.txt")
        .onStdout(chunk -> shellPid.complete(chunk.text().trim())).runAsync();
    long pid = Long.parseLong(shellPid.get(20, TimeUnit.SECONDS));
    s.close();
    assertEndedByClose(p.onExit());
    assertEndedByClose(run.thenApply(ExecResult::exitStatus));
    // the shell that would touch the file is gone (a process of this host: every server here is local)
    ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(20, TimeUnit.SECONDS).join());
    assertThat(root.resolve("late.txt")).doesNotExist();
    assertThatThrownBy(s::info).isInstanceOfSatisfying(RexdRemoteException.class,
        e -> assertThat(e.reason()).isEqualTo(Reasons.SESSION_NOT_FOUND));
    s.close();
  }

  /** The exit was either reported (killed) before the close took effect, or the wait was canceled. */
  private static void assertEndedByClose(CompletableFuture<ExitStatus> exit) throws Exception {
    try {
      assertThat(exit.get(20, TimeUnit.SECONDS).status()).isNotEqualTo(ProcessStatus.EXITED);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(RexdCanceledException.class).hasMessageContaining("was closed");
    }
  }

  // ---- exec ----------------------------------------------------------------------------------

  @Test
  void runReturnsExitCodeAndOutput() {
    try (RexdSession s = session()) {
      ExecResult r = s.exec("echo", "hello", "rexd").run();
      assertThat(r.stdout()).isEqualTo("hello rexd\n");
      assertThat(r.exitCode()).isZero();
      assertThat(r.isSuccess()).isTrue();
      assertThat(r.exitStatus().status()).isEqualTo(ProcessStatus.EXITED);
      assertThat(r.exitStatus().bytesStdout()).isEqualTo(11);
    }
  }

  @Test
  void runReportsAFailingShellCommandWithItsStderr() {
    try (RexdSession s = session()) {
      ExecResult r = s.shell("echo oops >&2; exit 3").run();
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stderr()).isEqualTo("oops\n");
      assertThat(r.stdout()).isEmpty();
      assertThat(r.isSuccess()).isFalse();
    }
  }

  @Test
  void aTtyCommandSeesATerminalAndStripAnsiGivesTheTextItShows() {
    try (RexdSession s = session()) {
      assumeTrue(s.capabilities().contains("tty"), "no pseudo-terminals on this host");
      String bold = "test -t 1 && printf '\\033[1mbold\\033[0m 10%%\\r100%%\\n'";
      ExecResult raw = s.shell(bold).tty(true).run();
      assertThat(raw.exitCode()).isZero();
      assertThat(raw.stdout()).isEqualTo("\u001b[1mbold\u001b[0m 10%\r100%\r\n");
      ExecResult text = s.shell(bold).tty(true).stripAnsi(true).run();
      assertThat(text.exitCode()).isZero();
      assertThat(text.stdout()).isEqualTo("100% 10%\n");
    }
  }

  @Test
  void runKeepsBinaryOutputExact() {
    try (RexdSession s = session()) {
      ExecResult r = s.shell("printf '\\377\\000\\001abc\\303'").run();
      assertThat(r.stdoutBytes()).containsExactly(0xff, 0x00, 0x01, 'a', 'b', 'c', 0xc3);
    }
  }

  @Test
  void largeMultiByteTextAndBinaryOutputArriveByteExactEveryWay() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    for (int i = 0; i < 30_000; i++) {
      text.writeBytes(("é€😀" + i + "\n").getBytes(StandardCharsets.UTF_8));
      binary.write(new byte[] {(byte) i, (byte) 0xff, 0, (byte) 0xc3});
    }
    Files.write(root.resolve("text.txt"), text.toByteArray());
    Files.write(root.resolve("blob.bin"), binary.toByteArray());
    try (RexdSession s = session()) {
      ExecResult r = s.shell("cat text.txt; cat blob.bin >&2").run();
      assertThat(r.stdoutBytes()).isEqualTo(text.toByteArray());
      assertThat(r.stdout()).isEqualTo(text.toString(StandardCharsets.UTF_8));
      assertThat(r.stderrBytes()).isEqualTo(binary.toByteArray());
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      List<Long> seqs = new CopyOnWriteArrayList<>();
      ExitStatus x = s.exec("cat", "blob.bin", "text.txt").onStdout(c -> {
        seqs.add(c.seq());
        streamed.writeBytes(c.bytes());
      }).start().waitFor();
      assertThat(streamed.size()).isEqualTo(binary.size() + text.size());
      assertThat(streamed.toByteArray()).startsWith(binary.toByteArray()).endsWith(text.toByteArray());
      assertThat(x.bytesStdout()).isEqualTo(streamed.size());
      for (int i = 0; i < seqs.size(); i++) {
        assertThat(seqs.get(i)).isEqualTo(i + 1);
      }
    }
  }

  @Test
  void runPassesStdinEnvAndCwd() throws Exception {
    Files.createDirectories(root.resolve("sub"));
    try (RexdSession s = session()) {
      assertThat(s.exec("cat").stdin("piped in").run().stdout()).isEqualTo("piped in");
      assertThat(s.exec("cat").timeout(Duration.ofSeconds(10)).run().timedOut()).isFalse();
      assertThat(s.shell("echo $GREETING").env("GREETING", "hi there").run().stdout()).isEqualTo("hi there\n");
      assertThat(s.exec("pwd").cwd("sub").run().stdout().trim()).isEqualTo(root.toRealPath().resolve("sub").toString());
    }
  }

  @Test
  void runAsyncCompletesOnAClientThreadAndManyRunAtOnce() throws Exception {
    try (RexdSession s = session()) {
      CompletableFuture<String> thread = s.exec("sleep", "0.3").runAsync()
          .thenApply(r -> Thread.currentThread().getName());
      List<CompletableFuture<ExecResult>> all = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        all.add(s.exec("echo", Integer.toString(i)).runAsync());
      }
      for (int i = 0; i < 5; i++) {
        assertThat(all.get(i).get(20, TimeUnit.SECONDS).stdout()).isEqualTo(i + "\n");
      }
      assertThat(thread.get(20, TimeUnit.SECONDS)).startsWith("rexd-client-");
    }
  }

  @Test
  void aCallExecutesOnce() {
    try (RexdSession s = session()) {
      ExecCall call = s.exec("true");
      call.run();
      assertThat(call.isExecuted()).isTrue();
      assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(call::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void theServersTimeoutEndsARunAsTimedOut() {
    try (RexdSession s = session()) {
      ExecResult r = s.exec("sleep", "30").timeout(Duration.ofMillis(300)).run();
      assertThat(r.timedOut()).isTrue();
      assertThat(r.exitStatus().status()).isEqualTo(ProcessStatus.TIMED_OUT);
      assertThat(r.isSuccess()).isFalse();
    }
  }

  @Test
  void outputPastTheLimitIsCutAndReportedAsTruncated() {
    try (RexdSession s = session()) {
      ExecResult r = s.exec("yes").maxOutputBytes(10_000).run();
      assertThat(r.truncated()).isTrue();
      assertThat(r.stdoutBytes().length + r.stderrBytes().length).isEqualTo(10_000);
      assertThat(r.stdout()).startsWith("y\ny\n");
    }
  }

  @Test
  void startStreamsToCallbacksInOrderBeforeWaitForReturns() {
    try (RexdSession s = session()) {
      StringBuilder out = new StringBuilder();
      StringBuilder err = new StringBuilder();
      List<String> order = new CopyOnWriteArrayList<>();
      RemoteProcess p = s.shell("for i in 1 2 3; do echo out$i; echo err$i >&2; done")
          .onStdout(c -> out.append(c.text()))
          .onStderr(c -> err.append(c.text()))
          .onOutput(c -> order.add(c.stream().name()))
          .onExit(x -> order.add("exit"))
          .start();
      ExitStatus status = p.waitFor();
      assertThat(status.isSuccess()).isTrue();
      assertThat(out).hasToString("out1\nout2\nout3\n");
      assertThat(err).hasToString("err1\nerr2\nerr3\n");
      assertThat(p.isAlive()).isFalse();
      assertThat(p.onExit().join()).isEqualTo(status);
    }
  }

  @Test
  void aSlowSubscriberGetsEveryByteInOrder() throws Exception {
    RexdClient c = client(LIMITS, true, b -> b.outputBufferBytes(16 * 1024));
    try (RexdSession s = c.openSession("slow")) {
      int lines = 200_000;
      StringBuilder expected = new StringBuilder();
      for (int i = 1; i <= lines; i++) {
        expected.append(i).append('\n');
      }
      RemoteProcess p = s.exec("seq", "1", Integer.toString(lines)).start();
      SlowSubscriber sub = new SlowSubscriber();
      p.output().subscribe(sub);
      assertThat(sub.done.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(sub.error.get()).isNull();
      assertThat(sub.bytes.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
      assertThat(sub.gaps).isEmpty();
      assertThat(p.waitFor().bytesStdout()).isEqualTo(expected.length());
    }
  }

  /** Requests one chunk at a time and naps now and then; checks sequence numbers. */
  private static final class SlowSubscriber implements Flow.Subscriber<Chunk> {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> gaps = new ArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicReference<Throwable> error = new AtomicReference<>();
    private Flow.Subscription subscription;
    private long lastSeq;
    private int count;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(Chunk c) {
      if (c.seq() != lastSeq + 1) {
        gaps.add(lastSeq + " -> " + c.seq());
      }
      lastSeq = c.seq();
      bytes.writeBytes(c.bytes());
      if (++count % 20 == 0) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      done.countDown();
    }

    @Override
    public void onComplete() {
      done.countDown();
    }
  }

  @Test
  void outputIsKeptForASubscriberThatComesLate() throws Exception {
    try (RexdSession s = session()) {
      RemoteProcess p = s.exec("echo", "early").start();
      p.waitFor(); // the process ended with nobody subscribed: its output must have been kept
      SlowSubscriber sub = new SlowSubscriber();
      p.output().subscribe(sub);
      assertThat(sub.done.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(sub.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("early\n");
      SlowSubscriber second = new SlowSubscriber();
      p.output().subscribe(second);
      assertThat(second.error.get()).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void writesToStdinAndClosesIt() {
    try (RexdSession s = session()) {
      StringBuilder out = new StringBuilder();
      RemoteProcess p = s.exec("cat").onStdout(c -> out.append(c.text())).start();
      assertThat(p.write("line one\n")).isEqualTo(9);
      assertThat(p.write("bytes\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(6);
      p.closeStdin();
      assertThat(p.waitFor().exitCode()).isZero();
      assertThat(out).hasToString("line one\nbytes\n");
    }
  }

  @Test
  void killSendsASignalToTheProcessGroup() {
    try (RexdSession s = session()) {
      RemoteProcess p = s.exec("sleep", "30").start();
      p.discardOutput();
      assertThat(p.isAlive()).isTrue();
      assertThat(p.status().status()).isEqualTo(ProcessStatus.RUNNING);
      p.kill("KILL");
      ExitStatus x = p.waitFor();
      assertThat(x.exitCode()).isEqualTo(137);
      assertThat(x.signal()).isEqualTo("SIGKILL");
      assertThat(x.status()).isEqualTo(ProcessStatus.KILLED);
      p.kill();
    }
  }

  @Test
  void cancelKillsTheProcessAndFailsTheRun() throws Exception {
    try (RexdSession s = session()) {
      CountDownLatch running = new CountDownLatch(1);
      ExecCall call = s.shell("echo up; exec sleep 30").onStdout(c -> running.countDown());
      CompletableFuture<ExecResult> f = call.runAsync();
      assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
      call.cancel();
      assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(RexdCanceledException.class);
      assertThat(call.isCanceled()).isTrue();
      awaitNoRunningProcess(s);
    }
  }

  @Test
  void cancellingTheFutureCancelsTheCall() throws Exception {
    try (RexdSession s = session()) {
      CountDownLatch running = new CountDownLatch(1);
      CompletableFuture<ExecResult> f = s.shell("echo up; exec sleep 30").onStdout(c -> running.countDown())
          .runAsync();
      assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
      f.cancel(true);
      awaitNoRunningProcess(s);
    }
  }

  @Test
  void aCallCanceledBeforeItRunsNeverStarts() {
    try (RexdSession s = session()) {
      ExecCall call = s.exec("touch", "never");
      call.cancel();
      assertThatThrownBy(call::run).isInstanceOf(RexdCanceledException.class);
      assertThat(Files.exists(root.resolve("never"))).isFalse();
    }
  }

  private static void awaitNoRunningProcess(RexdSession s) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (s.info().runningProcesses() > 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  // ---- files ---------------------------------------------------------------------------------

  @Test
  void writesAndReadsTextAndBytes() throws Exception {
    try (RexdSession s = session()) {
      RexdFs fs = s.fs();
      FsWriteResult w = fs.writeString("notes.txt", "héllo\n");
      assertThat(w.created()).isTrue();
      assertThat(fs.readString("notes.txt")).isEqualTo("héllo\n");
      byte[] binary = {(byte) 0xff, 0, 1, 2, (byte) 0x80};
      fs.writeBytes("blob.bin", binary);
      assertThat(Files.readAllBytes(root.resolve("blob.bin"))).containsExactly(binary);
      assertThat(fs.readBytes("blob.bin")).containsExactly(binary);
      assertThat(fs.readBytes("blob.bin", 1, 3)).containsExactly(0, 1, 2);
      assertThat(fs.readString("notes.txt", 3, 100)).isEqualTo("llo\n");
    }
  }

  @Test
  void readsAWholeFileLargerThanTheServersReadLimit() throws Exception {
    RexdClient c = client(LIMITS.withMaxFileReadBytes(1000), true, b -> b);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append("line ").append(i).append('\n');
    }
    Files.writeString(root.resolve("big.txt"), text);
    try (RexdSession s = c.openSession("big")) {
      assertThat(s.fs().readString("big.txt")).isEqualTo(text.toString());
      assertThat(s.fs().readString("big.txt", 10, 2500)).isEqualTo(text.substring(10, 2510));
    }
  }

  @Test
  void writeModesAndExpectedMtimeGuardConcurrentChanges() {
    try (RexdSession s = session()) {
      RexdFs fs = s.fs();
      FsWriteResult first = fs.write("deep/dir/a.txt", "one\n").mode(WriteMode.CREATE).mkdirParents(true).apply();
      assertThatThrownBy(() -> fs.write("deep/dir/a.txt", "again").mode(WriteMode.CREATE).apply())
          .isInstanceOfSatisfying(RexdRemoteException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENCY_CONFLICT);
            assertThat(e.reason()).isEqualTo(Reasons.EXISTS);
          });
      fs.write("deep/dir/a.txt", "two\n").mode(WriteMode.APPEND).apply();
      assertThat(fs.readString("deep/dir/a.txt")).isEqualTo("one\ntwo\n");
      assertThatThrownBy(() -> fs.write("deep/dir/a.txt", "x").expectedMtime(first.mtime() - 10_000).apply())
          .isInstanceOfSatisfying(RexdRemoteException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENCY_CONFLICT));
      long now = fs.stat("deep/dir/a.txt").mtime();
      fs.write("deep/dir/a.txt", "three\n").expectedMtime(now).atomic(true).apply();
      assertThat(fs.readString("deep/dir/a.txt")).isEqualTo("three\n");
    }
  }

  @Test
  void listsGlobsAndStats() throws Exception {
    Files.createDirectories(root.resolve("src/main"));
    Files.writeString(root.resolve("src/main/App.java"), "class App {}");
    Files.writeString(root.resolve("README.md"), "# hi");
    try (RexdSession s = session()) {
      RexdFs fs = s.fs();
      assertThat(fs.list(".").entries()).extracting(e -> e.name()).containsExactly("README.md", "src");
      assertThat(fs.list("src", true).entries()).extracting(e -> e.type()).contains(EntryType.DIR, EntryType.FILE);
      assertThat(fs.glob("**/*.java").matches())
          .containsExactly(root.toRealPath().resolve("src/main/App.java").toString());
      assertThat(fs.stat("README.md").size()).isEqualTo(4);
      assertThat(fs.stat("README.md").type()).isEqualTo(EntryType.FILE);
      assertThat(fs.exists("missing")).isFalse();
    }
  }

  @Test
  void editsReplaceOnceAllOrTheWholeFile() throws Exception {
    Files.writeString(root.resolve("doc.md"), "Hello world. Hello again.");
    try (RexdSession s = session()) {
      RexdFs fs = s.fs();
      assertThatThrownBy(() -> fs.edit("doc.md").replace("Hello", "Bye").apply())
          .isInstanceOfSatisfying(RexdRemoteException.class,
              e -> assertThat(e.reason()).isEqualTo(Reasons.AMBIGUOUS_MATCH));
      assertThatThrownBy(() -> fs.edit("doc.md").replace("absent", "x").apply())
          .isInstanceOfSatisfying(RexdRemoteException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.NO_MATCH));
      FsEditResult all = fs.edit("doc.md").replaceAll("Hello", "Bye").apply();
      assertThat(all.replacements()).isEqualTo(2);
      fs.edit("doc.md").replace("world", "REXD").apply();
      assertThat(Files.readString(root.resolve("doc.md"))).isEqualTo("Bye REXD. Bye again.");
      fs.edit("new.md").content("fresh\n").apply();
      assertThat(Files.readString(root.resolve("new.md"))).isEqualTo("fresh\n");
      assertThatThrownBy(() -> fs.edit("doc.md").apply()).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void appliesPatchesAllOrNothing() throws Exception {
    Files.writeString(root.resolve("a.txt"), "one\ntwo\nthree\n");
    try (RexdSession s = session()) {
      FsPatchResult r = s.fs().patch("*** Begin Patch\n"
          + "*** Update File: a.txt\n@@\n one\n-two\n+TWO\n three\n"
          + "*** Add File: dir/b.txt\n+bee\n"
          + "*** End Patch\n");
      assertThat(r.updated()).hasSize(1);
      assertThat(r.added()).hasSize(1);
      assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("one\nTWO\nthree\n");
      assertThat(Files.readString(root.resolve("dir/b.txt"))).isEqualTo("bee\n");
      assertThatThrownBy(() -> s.fs().patch("*** Begin Patch\n*** Add File: c.txt\n+see\n"
          + "*** Update File: a.txt\n@@\n-nope\n+x\n*** End Patch\n"))
          .isInstanceOfSatisfying(RexdRemoteException.class,
              e -> assertThat(e.reason()).isEqualTo(Reasons.PATCH_FAILED));
      assertThat(Files.exists(root.resolve("c.txt"))).isFalse();
    }
  }

  @Test
  void aDefaultCwdAppliesToCommandsAndRelativePaths() throws Exception {
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("app/VERSION"), "1.2.3");
    RexdClient base = client();
    RexdClient inApp = base.newBuilder().defaultCwd(root.toRealPath().resolve("app").toString()).build();
    try (RexdSession s = inApp.openSession()) {
      assertThat(s.fs().readString("VERSION")).isEqualTo("1.2.3");
      assertThat(s.exec("cat", "VERSION").run().stdout()).isEqualTo("1.2.3");
      assertThat(s.info().clientName()).isEqualTo("rexd-java");
    }
  }

  // ---- generic calls -------------------------------------------------------------------------

  @Test
  void genericCallsAddTheSessionIdAndTypedCallsDecode() throws Exception {
    Files.writeString(root.resolve("x.txt"), "x");
    try (RexdSession s = session()) {
      JsonNode stat = s.call("fs.stat", Map.of("path", "x.txt"));
      assertThat(stat.get("exists").asBoolean()).isTrue();
      assertThat(s.call(RexdMethods.FS_STAT, new FsStatParams(s.id(), "x.txt")).size()).isEqualTo(1);
      assertThat(s.client().callAsync(RexdMethods.FS_STAT, new FsStatParams(s.id(), "nope")).get(20, TimeUnit.SECONDS)
          .exists()).isFalse();
    }
  }

  // ---- typed errors --------------------------------------------------------------------------

  @Test
  void remoteErrorsAreTypedWithCodeReasonAndData() throws Exception {
    RexdClient c = client(LIMITS.withMaxProcessesPerSession(1), false, b -> b);
    try (RexdSession s = c.openSession("errors")) {
      assertRemote(() -> s.call("no.such.method", null), ErrorCode.METHOD_NOT_FOUND, null);
      assertRemote(() -> c.call(RexdMethods.FS_STAT, new FsStatParams("bogus", "x")), ErrorCode.INVALID_PARAMS,
          Reasons.SESSION_NOT_FOUND);
      assertRemote(() -> s.fs().readString("missing.txt"), ErrorCode.INVALID_PARAMS, Reasons.NOT_FOUND);
      RexdRemoteException outside = assertRemote(() -> s.fs().readString("/etc/passwd"), ErrorCode.FORBIDDEN_PATH,
          Reasons.OUTSIDE_ROOTS);
      assertThat(outside.path()).isEqualTo("/etc/passwd");
      assertThat(outside.data()).containsKey("allowed_roots");
      assertRemote(() -> s.call(RexdMethods.EXEC_KILL, new ExecKillParams(s.id(), "p-none", null)),
          ErrorCode.PROCESS_NOT_FOUND, null);
      assertRemote(() -> s.shell("echo hi").run(), ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.SHELL_DISABLED);
      assertRemote(() -> s.exec("no-such-program-here").run(), ErrorCode.INVALID_PARAMS, Reasons.NOT_FOUND);
      Files.writeString(root.resolve("here.txt"), "x");
      assertRemote(() -> s.fs().write("here.txt", "y").mode(WriteMode.CREATE).apply(), ErrorCode.CONCURRENCY_CONFLICT,
          Reasons.EXISTS);
      RemoteProcess running = s.exec("sleep", "30").start();
      running.discardOutput();
      assertRemote(() -> s.exec("true").run(), ErrorCode.RESOURCE_LIMIT, Reasons.TOO_MANY_PROCESSES);
      running.kill("KILL");
    }
  }

  @Test
  void aProcessOfAnotherSessionIsNotFound() {
    RexdClient c = client();
    try (RexdSession a = c.openSession("a"); RexdSession b = c.openSession("b")) {
      RemoteProcess p = a.exec("sleep", "30").start();
      p.discardOutput();
      assertRemote(() -> b.call(RexdMethods.EXEC_KILL, new ExecKillParams(b.id(), p.id(), null)),
          ErrorCode.PROCESS_NOT_FOUND, null);
      p.kill("KILL");
    }
  }

  private static RexdRemoteException assertRemote(Runnable call, ErrorCode code, String reason) {
    AtomicReference<RexdRemoteException> caught = new AtomicReference<>();
    assertThatThrownBy(call::run).isInstanceOfSatisfying(RexdRemoteException.class, e -> {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
      assertThat(e.rawCode()).isEqualTo(code.code());
      if (reason != null) {
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
      }
      assertThat(e.data()).containsKey("reason");
      caught.set(e);
    });
    return caught.get();
  }

  // ---- timeouts, disconnects, threads --------------------------------------------------------

  @Test
  void everyRequestHasADeadlineAndTheClientStaysUsable() {
    RexdClient c = client();
    RexdClient quick = c.newBuilder().callTimeout(Duration.ofMillis(400)).build();
    try (RexdSession s = c.openSession("deadline")) {
      RemoteProcess p = s.exec("sleep", "30").start();
      p.discardOutput();
      long started = System.nanoTime();
      assertThatThrownBy(() -> quick.call(RexdMethods.EXEC_WAIT, new ExecWaitParams(s.id(), p.id(), null)))
          .isInstanceOfSatisfying(RexdTimeoutException.class, e -> {
            assertThat(e.operation()).isEqualTo("exec.wait");
            assertThat(e.timeout()).isEqualTo(Duration.ofMillis(400));
          });
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      ExecWaitResult now = quick.call(RexdMethods.EXEC_WAIT, new ExecWaitParams(s.id(), p.id(), 0L));
      assertThat(now.status()).isEqualTo(ProcessStatus.RUNNING);
      p.kill("KILL");
    }
  }

  @Test
  void aLostConnectionFailsEveryPendingCallAtOnce() throws Exception {
    RexdClient c = client();
    RexdSession s = c.openSession("lost");
    RemoteProcess p = s.exec("sleep", "30").start();
    p.discardOutput();
    CompletableFuture<ExecWaitResult> w1 = c.callAsync(RexdMethods.EXEC_WAIT, new ExecWaitParams(s.id(), p.id(), null));
    CompletableFuture<ExecWaitResult> w2 = c.callAsync(RexdMethods.EXEC_WAIT, new ExecWaitParams(s.id(), p.id(), null));
    assertThat(s.info().runningProcesses()).isEqualTo(1); // a later call came back, so both waits went out
    breakConnection();
    for (CompletableFuture<ExecWaitResult> w : List.of(w1, w2)) {
      assertThatThrownBy(() -> w.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RexdTransportException.class);
    }
    assertThatThrownBy(p::waitFor).isInstanceOf(RexdTransportException.class);
    assertThat(c.isOpen()).isEqualTo(!aFailureEndsTheClient());
    assertThatThrownBy(s::info).isInstanceOf(RexdTransportException.class);
    s.close();
  }

  @Test
  void closingTheClientFailsPendingCallsAndLeavesNoThread() throws Exception {
    RexdClient c = client();
    String prefix = c + "-";
    RexdSession s = c.openSession("threads");
    StringBuilder out = new StringBuilder();
    s.exec("echo", "hi").onStdout(ch -> out.append(ch.text())).start().waitFor();
    s.exec("true").runAsync().get(20, TimeUnit.SECONDS);
    RemoteProcess p = s.exec("sleep", "30").start();
    CompletableFuture<ExecWaitResult> pending = c.callAsync(RexdMethods.EXEC_WAIT,
        new ExecWaitParams(s.id(), p.id(), null));
    assertThat(ClientThreads.named(prefix)).isNotEmpty();
    c.close();
    assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(RexdTransportException.class);
    assertThatThrownBy(p::waitFor).isInstanceOf(RexdTransportException.class);
    assertThatThrownBy(() -> s.exec("true").run()).isInstanceOf(RexdTransportException.class);
    assertThat(out).hasToString("hi\n");
    assertThat(ClientThreads.awaitNone(prefix, Duration.ofSeconds(5))).isEmpty();
    c.close();
  }

  @Test
  void theEventListenerHearsEveryCallWithItsMethodDurationAndBytes() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    RexdClient c = client(LIMITS, true, b -> b.eventListener(new RexdEventListener() {
      @Override
      public void callStart(String method, long requestBytes) {
        heard.add("start " + method + " " + (requestBytes > 20));
      }

      @Override
      public void callEnd(String method, Duration duration, long requestBytes, long responseBytes) {
        heard.add("end " + method + " " + (responseBytes > 20) + " " + !duration.isNegative());
      }

      @Override
      public void callFailed(String method, Duration duration, RexdClientException failure) {
        heard.add("failed " + method + " " + failure.reason());
      }
    }));
    try (RexdSession s = c.openSession("heard")) {
      assertThat(s.fs().exists("nothing-here")).isFalse();
      assertThatThrownBy(() -> s.fs().readString("missing.txt")).isInstanceOf(RexdRemoteException.class);
    }
    assertThat(heard).containsSubsequence("start session.open true", "end session.open true true",
        "start fs.stat true", "end fs.stat true true", "start fs.read true", "failed fs.read not_found",
        "start session.close true", "end session.close true true");
  }

  @Test
  void manyThreadsCallAtOnceAndEveryCallIsAnswered() throws Exception {
    Files.writeString(root.resolve("shared.txt"), "x");
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
    try (RexdSession s = session()) {
      List<CompletableFuture<Boolean>> calls = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        calls.add(CompletableFuture.supplyAsync(() -> {
          for (int i = 0; i < 25; i++) {
            if (!s.fs().exists("shared.txt")) {
              return false;
            }
          }
          return true;
        }, threads));
      }
      for (CompletableFuture<Boolean> call : calls) {
        assertThat(call.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  // ---- terminals -----------------------------------------------------------------------------

  @Test
  void aTerminalEchoesResizesAndCloses() throws Exception {
    assumeTrue(carriesEvents(), "terminals need a transport that carries events");
    RexdClient c = client();
    try (RexdSession s = c.openSession("pty")) {
      assumeTrue(s.hasCapability(Capabilities.PTY), "the server offers no terminals");
      StringBuffer screen = new StringBuffer();
      CountDownLatch sawSize = new CountDownLatch(1);
      try (RemoteTerminal t = s.pty("sh").size(80, 24).onOutput(ch -> {
        screen.append(ch.text());
        if (screen.toString().contains("50 132")) {
          sawSize.countDown();
        }
      }).open()) {
        assertThat(t.processId()).isNotBlank();
        t.resize(132, 50);
        t.write("stty size\r");
        assertThat(sawSize.await(20, TimeUnit.SECONDS)).as(screen.toString()).isTrue();
        t.write("exit\r".getBytes(StandardCharsets.UTF_8));
        assertThat(t.waitFor(WAIT)).isPresent();
      }
    }
  }

  @Test
  void withoutEventsOpeningATerminalFailsAtOnceWithAClearError() throws Exception {
    assumeFalse(carriesEvents(), "this transport carries events");
    try (RexdSession s = session()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> s.pty("sh").open()).isExactlyInstanceOf(RexdClientException.class)
          .hasMessageContaining("a terminal needs a streaming transport (stdio or WebSocket)");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(s.info().ptys()).isEmpty();
    }
  }

  @Test
  void aSessionCanBeOpenedWithExplicitParams() throws Exception {
    RexdClient c = client();
    Files.createDirectories(root.resolve("ws"));
    String ws = root.toRealPath().resolve("ws").toString();
    try (RexdSession s = c.openSession(new SessionOpenParams("explicit", "9.9", List.of(ws), null))) {
      assertThat(s.workspaceRoots()).containsExactly(ws);
      assertThat(s.exec("pwd").run().stdout().trim()).isEqualTo(ws);
    }
  }
}
