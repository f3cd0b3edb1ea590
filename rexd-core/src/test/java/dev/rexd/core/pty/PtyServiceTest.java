package dev.rexd.core.pty;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.pty.PtyCloseParams;
import dev.rexd.api.pty.PtyExitEvent;
import dev.rexd.api.pty.PtyInputParams;
import dev.rexd.api.pty.PtyInputResult;
import dev.rexd.api.pty.PtyOpenParams;
import dev.rexd.api.pty.PtyOpenResult;
import dev.rexd.api.pty.PtyResizeParams;
import dev.rexd.api.session.PtySummary;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.sandbox.TestSandbox;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real programs under real pseudo-terminals, driven through {@link PtyService}: on the host, and
 * again with every terminal inside a bubblewrap sandbox.
 */
@ParameterizedClass(name = "sandboxed = {0}")
@ValueSource(booleans = {false, true})
class PtyServiceTest {
  private static final Pattern NUMBER_LINE = Pattern.compile("(\\d+)\\r\\n");

  @TempDir Path root;

  @Parameter
  boolean sandboxed;

  private final ProcessPolicy policy = ProcessPolicy.defaults().withKillGraceMillis(1_000);
  private Spawner spawner;
  private ProcessService processes;
  private PtyService pty;
  private final List<Session> sessions = new ArrayList<>();
  private Session session;
  private PtyEventRecorder events;

  @BeforeEach
  void setUp() {
    spawner = sandboxed ? TestSandbox.spawnerOrSkip() : Spawners.system();
    processes = processes(policy);
    pty = new PtyService(processes);
    assumeTrue(pty.available(), "pseudo-terminals do not work on this host");
    events = new PtyEventRecorder();
    session = newSession("s1", Limits.defaults(), events);
  }

  @AfterEach
  void tearDown() {
    sessions.forEach(Session::close);
    if (processes != null) {
      processes.shutdown();
    }
  }

  @Test
  void ttyPrintsAPseudoTerminalPathAndExitIsSentOnceAndLast() throws Exception {
    PtyOpenResult t = open(argv("tty"));
    assertThat(t.processId()).startsWith("proc_").isNotEqualTo(t.ptyId());

    PtyEventRecorder.Transcript tr = events.untilExit(t.ptyId());
    // inside a sandbox the terminal is its /dev/console (bwrap binds it there)
    assertThat(new String(tr.bytes(), UTF_8)).matches(sandboxed ? "/dev/console\r\n" : "/dev/pts/\\d+\r\n");
    assertThat(tr.lastSeq()).isPositive();
    PtyExitEvent exit = tr.exit();
    assertThat(exit.sessionId()).isEqualTo("s1");
    assertThat(exit.processId()).isEqualTo(t.processId());
    assertThat(exit.exitCode()).isZero();
    assertThat(exit.signal()).isNull();
    assertThat(exit.durationMs()).isNotNegative();

    PtyOpenResult later = open(shell("exit 3"));
    assertThat(events.untilExit(later.ptyId()).exit().exitCode()).isEqualTo(3);
    assertThat(events.pending(t.ptyId())).as("events after pty.exit").isZero();
    assertThat(session.ptys()).extracting(PtySummary::status).containsOnly(ProcessStatus.EXITED);
  }

  @Test
  void noEventBeforeTheOpenResponseIsOnItsWay() throws Exception {
    CallContext call = new CallContext(id -> session);
    PtyOpenResult t = pty.open(call, session, shell("echo hi"));
    assertThat(events.pending(t.ptyId())).isZero();
    call.runAfterResponse();
    assertThat(events.untilExit(t.ptyId()).bytes()).isEqualTo("hi\r\n".getBytes(UTF_8));
  }

  @Test
  void sttySizeShowsTheOpenedSizeThenTheResizedOne() throws Exception {
    PtyOpenResult t = open(new PtyOpenParams("s1", List.of("sh"), null, null, null, null, 100, 40));
    input(t, "stty size\n");
    events.readUntil(t.ptyId(), "40 100\r\n");
    assertThat(session.ptys()).singleElement()
        .satisfies(p -> assertThat(List.of(p.cols(), p.rows(), p.status()))
            .containsExactly(100, 40, ProcessStatus.RUNNING));

    pty.resize(session, new PtyResizeParams("s1", t.ptyId(), 132, 50));
    input(t, "stty size\n");
    events.readUntil(t.ptyId(), "50 132\r\n");
    assertThat(session.ptys().get(0).cols()).isEqualTo(132);

    input(t, "exit 0\n");
    PtyEventRecorder.Transcript tr = events.untilExit(t.ptyId());
    assertThat(tr.exit().exitCode()).as(tr.text()).isZero();
  }

  @Test
  void ctrlZLeavesATopLevelProgramRunningAndTheTerminalUsable() throws Exception {
    // the program's group is orphaned (or, in a sandbox, resumed at once): a stop from the terminal does not hold it
    PtyOpenResult t = open(argv("cat"));
    input(t, "one\n");
    events.readUntil(t.ptyId(), "one\r\none\r\n");
    input(t, "\u001a");
    input(t, "two\n");
    events.readUntil(t.ptyId(), "two\r\ntwo\r\n");

    input(t, "\u0004");
    PtyEventRecorder.Transcript tr = events.untilExit(t.ptyId());
    assertThat(tr.exit().exitCode()).as(tr.text()).isZero();
    assertThat(tr.exit().signal()).isNull();
  }

  @Test
  void aProgramThatStopsOrKillsItselfPrintsOnlyWhatItPrints() throws Exception {
    PtyOpenResult stops = open(argv("sh", "-c", "kill -TSTP $$; echo back"));
    PtyEventRecorder.Transcript tr = events.untilExit(stops.ptyId());
    assertThat(tr.text()).isEqualTo("back\r\n");
    assertThat(tr.exit().exitCode()).isZero();

    PtyOpenResult dies = open(argv("sh", "-c", "echo bye; kill -TERM $$"));
    tr = events.untilExit(dies.ptyId());
    assertThat(tr.text()).isEqualTo("bye\r\n");
    assertThat(tr.exit().exitCode()).as("a signal the server did not send reads as an exit status").isEqualTo(143);
    assertThat(tr.exit().signal()).isNull();
  }

  @Test
  void defaultSizeIs120By32AndAResizeIsASigwinch() throws Exception {
    PtyOpenResult t = open(shell("stty size; trap 'stty size; exit 7' WINCH; echo ready;"
        + " while :; do sleep 0.02; done"));
    events.readUntil(t.ptyId(), "32 120\r\nready\r\n");
    pty.resize(session, new PtyResizeParams("s1", t.ptyId(), 90, 30));
    PtyEventRecorder.Transcript tr = events.untilExit(t.ptyId());
    assertThat(tr.text()).contains("30 90\r\n");
    assertThat(tr.exit().exitCode()).isEqualTo(7);
  }

  @Test
  void interactiveInputRoundTripsInUtf8AndBase64() throws Exception {
    PtyOpenResult t = open(shell("read x; read y; echo \"got:$x:$y\""));
    assertThat(input(t, "hé\n").acceptedBytes()).isEqualTo(4);
    String b64 = Base64.getEncoder().encodeToString("two\n".getBytes(UTF_8));
    assertThat(pty.input(session, new PtyInputParams("s1", t.ptyId(), b64, Encoding.BASE64)).acceptedBytes())
        .isEqualTo(4);
    PtyEventRecorder.Transcript tr = events.untilExit(t.ptyId());
    assertThat(tr.text()).contains("got:hé:two\r\n");
    assertThatThrownBy(() -> input(t, "late\n")).satisfies(rexd(ErrorCode.INVALID_PARAMS, Reasons.STDIN_CLOSED));
  }

  @Test
  void escapeSequencesAndNonUtf8BytesArriveExactly() throws Exception {
    PtyOpenResult screen = open(shell("printf '\\033[2J\\033[H\\033[31mred\\033[0m\\n'"));
    assertThat(events.untilExit(screen.ptyId()).bytes())
        .isEqualTo("\033[2J\033[H\033[31mred\033[0m\r\n".getBytes(UTF_8));

    PtyOpenResult binary = open(shell("printf '\\377\\376ok'"));
    PtyEventRecorder.Event first = events.next(binary.ptyId());
    assertThat(first.output().encoding()).isEqualTo(Encoding.BASE64);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(events.bytesOf(binary.ptyId(), first));
    all.writeBytes(events.untilExit(binary.ptyId()).bytes());
    assertThat(all.toByteArray()).isEqualTo(new byte[] {(byte) 0xff, (byte) 0xfe, 'o', 'k'});
  }

  @Test
  void closeEndsTheWholeProcessGroup() throws Exception {
    PtyOpenResult t = open(shell("sleep 300 & echo $!; wait"));
    long grandchild = pidLine(events, t.ptyId(), "sleep 300");
    assertThat(running(grandchild)).isTrue();

    assertThat(pty.close(session, new PtyCloseParams("s1", t.ptyId())).ok()).isTrue();
    assertThat(running(grandchild)).isFalse();
    PtyExitEvent exit = events.untilExit(t.ptyId()).exit();
    assertThat(exit.signal()).isEqualTo("SIGHUP");
    assertThat(exit.exitCode()).isEqualTo(129);
    assertThat(session.ptys().get(0).status()).isEqualTo(ProcessStatus.KILLED);
    assertThat(pty.close(session, new PtyCloseParams("s1", t.ptyId())).ok()).isTrue();
    assertThat(pty.resize(session, new PtyResizeParams("s1", t.ptyId(), 10, 10)).ok()).isTrue();
  }

  @Test
  void closeEndsJobsAnInteractiveShellPutInOtherGroups() throws Exception {
    PtyOpenResult t = open(argv("sh"));
    input(t, "sleep 300 & echo pid:$!\n");
    long job = hostPid(Long.parseLong(events.readUntil(t.ptyId(), Pattern.compile("pid:(\\d+)\r\n")).group(1)),
        "sleep 300");
    assertThat(running(job)).isTrue();
    assertThat(statField(job, 2)).as("the job leads its own process group").isEqualTo(job);

    pty.close(session, new PtyCloseParams("s1", t.ptyId()));
    assertThat(running(job)).isFalse();
    assertThat(events.untilExit(t.ptyId()).exit().signal()).isNotNull();
  }

  @Test
  void sessionCloseEndsItsTerminalsAndTheirExitEventsArrive() throws Exception {
    PtyOpenResult t = open(shell("sleep 300 & echo $!; wait"));
    long grandchild = pidLine(events, t.ptyId(), "sleep 300");
    session.close();
    assertThat(running(grandchild)).isFalse();
    assertThat(events.untilExit(t.ptyId()).exit().signal()).isEqualTo("SIGHUP");
  }

  @Test
  void shutdownEndsTheTerminalsOfEverySession() throws Exception {
    PtyEventRecorder otherEvents = new PtyEventRecorder();
    Session other = newSession("s2", Limits.defaults(), otherEvents);
    PtyOpenResult a = open(shell("sleep 300 & echo $!; wait"));
    PtyOpenResult b = open(other, otherEvents, shell("sleep 301 & echo $!; wait"));
    long ga = pidLine(events, a.ptyId(), "sleep 300");
    long gb = pidLine(otherEvents, b.ptyId(), "sleep 301");

    processes.shutdown();
    assertThat(running(ga)).isFalse();
    assertThat(running(gb)).isFalse();
    assertThat(events.untilExit(a.ptyId()).exit().signal()).isNotNull();
    assertThat(otherEvents.untilExit(b.ptyId()).exit().signal()).isNotNull();
    assertThatThrownBy(() -> open(argv("tty"))).satisfies(rexd(ErrorCode.INTERNAL_ERROR, Reasons.INTERNAL));
  }

  @Test
  void aBurstOfOutputArrivesCompleteAndInOrderThroughASlowReader() throws Exception {
    PtyEventRecorder slow = new PtyEventRecorder(16);
    Session s = newSession("burst", Limits.defaults(), slow);
    long lines = 10_000_000;
    PtyOpenResult t = open(s, slow, shell("yes | head -c " + 2 * lines));

    long total = 0;
    while (true) {
      PtyEventRecorder.Event e = slow.next(t.ptyId());
      if (e.isExit()) {
        assertThat(e.exit().exitCode()).isZero();
        break;
      }
      byte[] chunk = slow.bytesOf(t.ptyId(), e);
      for (byte b : chunk) {
        byte want = switch ((int) (total++ % 3)) {
          case 0 -> 'y';
          case 1 -> '\r';
          default -> '\n';
        };
        if (b != want) {
          throw new AssertionError("byte " + (total - 1) + " is " + b + ", expected " + want);
        }
      }
    }
    assertThat(total).isEqualTo(3 * lines);   // the terminal turns each \n into \r\n
    assertThat(slow.pending(t.ptyId())).isZero();
  }

  @Test
  void endedTerminalsLeaveNoThreadOrFileDescriptorBehind() throws Exception {
    joinTerminalThreads();
    long fds = openFileDescriptors();
    PtyOpenResult exits = open(argv("tty"));
    PtyOpenResult closed = open(argv("sh"));
    events.untilExit(exits.ptyId());
    pty.close(session, new PtyCloseParams("s1", closed.ptyId()));
    events.untilExit(closed.ptyId());

    joinTerminalThreads();
    assertThat(openFileDescriptors()).isEqualTo(fds);
  }

  @Test
  void anotherSessionsOrAnUnknownTerminalIsNotFound() throws Exception {
    Session other = newSession("s2", Limits.defaults(), new PtyEventRecorder());
    PtyOpenResult t = open(argv("sh"));
    String id = t.ptyId();
    ThrowingCallable[] calls = {
        () -> pty.input(other, new PtyInputParams("s2", id, "x", null)),
        () -> pty.resize(other, new PtyResizeParams("s2", id, 80, 24)),
        () -> pty.close(other, new PtyCloseParams("s2", id)),
        () -> pty.input(session, new PtyInputParams("s1", "pty_nope", "x", null)),
    };
    for (ThrowingCallable c : calls) {
      assertThatThrownBy(c).satisfies(rexd(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND));
    }
    open(other, new PtyEventRecorder(), argv("true"));
    assertThatThrownBy(calls[0]).satisfies(rexd(ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND));
    assertThat(session.ptys()).singleElement().extracting(PtySummary::status).isEqualTo(ProcessStatus.RUNNING);
  }

  @Test
  void terminalsCountTowardMaxProcessesPerSessionUntilTheyExit() throws Exception {
    PtyEventRecorder rec = new PtyEventRecorder();
    Session s = newSession("one", Limits.defaults().withMaxProcessesPerSession(1), rec);
    PtyOpenResult first = open(s, rec, argv("sh"));
    assertThat(s.runningProcesses()).isEqualTo(1);
    assertThatThrownBy(() -> open(s, rec, argv("sh")))
        .satisfies(rexd(ErrorCode.RESOURCE_LIMIT, Reasons.TOO_MANY_PROCESSES));

    pty.close(s, new PtyCloseParams("one", first.ptyId()));
    rec.untilExit(first.ptyId());
    assertThat(s.runningProcesses()).isZero();
    PtyOpenResult second = open(s, rec, argv("tty"));
    rec.untilExit(second.ptyId());
  }

  @Test
  void environmentCwdAndTermFollowTheRequest() throws Exception {
    Path sub = Files.createDirectory(root.resolve("sub"));
    PtyOpenResult t = open(new PtyOpenParams("s1", null, true, "echo \"$TERM|$FOO|$(pwd)\"", "sub",
        Map.of("FOO", "bar"), null, null));
    assertThat(events.untilExit(t.ptyId()).text()).isEqualTo("xterm-256color|bar|" + sub.toRealPath() + "\r\n");

    PtyOpenResult dumb = open(new PtyOpenParams("s1", null, true, "echo $TERM", null, Map.of("TERM", "dumb"),
        null, null));
    assertThat(events.untilExit(dumb.ptyId()).text()).isEqualTo("dumb\r\n");

    assertThatThrownBy(() -> open(new PtyOpenParams("s1", List.of("sh"), null, null, "/", null, null, null)))
        .satisfies(rexd(ErrorCode.FORBIDDEN_PATH, Reasons.OUTSIDE_ROOTS));
  }

  @Test
  void theExecPolicyAndBadRequestsAreRefusedBeforeAnythingRuns() {
    ProcessService strictProcesses = processes(policy.withAllowShell(false).withDeniedCommands(Set.of("sh")));
    PtyService strict = new PtyService(strictProcesses);
    try {
      assertThatThrownBy(() -> strict.open(new CallContext(id -> session), session, shell("true")))
          .satisfies(rexd(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.SHELL_DISABLED));
      assertThatThrownBy(() -> strict.open(new CallContext(id -> session), session, argv("sh")))
          .satisfies(rexd(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.COMMAND_DENIED));
    } finally {
      strictProcesses.shutdown();
    }
    assertThatThrownBy(() -> open(argv("no-such-program-here")))
        .satisfies(rexd(ErrorCode.INVALID_PARAMS, Reasons.NOT_FOUND));
    assertThatThrownBy(() -> open(new PtyOpenParams("s1", List.of("sh"), null, null, null, null, 70_000, null)))
        .satisfies(rexd(ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT));
    assertThat(session.runningProcesses()).isZero();
    assertThat(session.ptys()).isEmpty();
  }

  @Test
  void aResizeToZeroIsInvalid() throws Exception {
    PtyOpenResult t = open(argv("sh"));
    assertThatThrownBy(() -> pty.resize(session, new PtyResizeParams("s1", t.ptyId(), 0, 24)))
        .satisfies(rexd(ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT));
  }

  @Test
  void withoutWorkingTerminalsOpenIsUnsupported() {
    PtyService none = new PtyService(processes, () -> false);
    assertThat(none.available()).isFalse();
    assertThatThrownBy(() -> none.open(new CallContext(id -> session), session, argv("sh")))
        .satisfies(rexd(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.PTY_UNAVAILABLE));
  }

  private ProcessService processes(ProcessPolicy policy) {
    return new ProcessService(policy, () -> spawner, List.of());
  }

  private Session newSession(String id, Limits limits, PtyEventRecorder recorder) {
    Session s = new Session(id, "test", null, RootPolicy.of(List.of(root)), limits);
    s.subscribe(recorder);
    sessions.add(s);
    return s;
  }

  private PtyOpenResult open(PtyOpenParams params) {
    return open(session, events, params);
  }

  /** Opens like the dispatcher does: the after-response actions run once open returned. */
  private PtyOpenResult open(Session s, PtyEventRecorder recorder, PtyOpenParams params) {
    CallContext call = new CallContext(id -> s);
    PtyOpenResult r = pty.open(call, s, new PtyOpenParams(s.id(), params.argv(), params.shell(), params.command(),
        params.cwd(), params.env(), params.cols(), params.rows()));
    call.runAfterResponse();
    return r;
  }

  private PtyInputResult input(PtyOpenResult t, String text) {
    return pty.input(session, new PtyInputParams("s1", t.ptyId(), text, null));
  }

  private static PtyOpenParams argv(String... argv) {
    return new PtyOpenParams("s1", List.of(argv), null, null, null, null, null, null);
  }

  private static PtyOpenParams shell(String command) {
    return new PtyOpenParams("s1", null, true, command, null, null, null, null);
  }

  /**
   * The pid on the next line the terminal prints (from {@code echo $!}) as the host numbers it; in a
   * sandbox, of the process running {@code commandLine} there.
   */
  private long pidLine(PtyEventRecorder recorder, String ptyId, String commandLine) throws InterruptedException {
    return hostPid(Long.parseLong(recorder.readUntil(ptyId, NUMBER_LINE).group(1)), commandLine);
  }

  /** A pid a terminal's program printed, as the host numbers it (a sandbox has a PID namespace of its own). */
  private long hostPid(long printed, String commandLine) {
    return sandboxed ? TestSandbox.hostPid(printed, commandLine) : printed;
  }

  /**
   * Joins every terminal's waiter and, in a sandbox, its status reader: that one holds the status
   * pipe until the last process of the sandbox has gone, which may be after the terminal's exit.
   */
  private static void joinTerminalThreads() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("rexd-pty-") || t.getName().startsWith("rexd-sandbox-")) {
        t.join(10_000);
        assertThat(t.isAlive()).as(t.getName() + " still running").isFalse();
      }
    }
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /** Whether {@code pid} runs (exists and is not a zombie: this host's init may never reap orphans). */
  private static boolean running(long pid) throws IOException {
    try {
      String state = stat(pid)[0];
      return !state.equals("Z") && !state.equals("X");
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Field {@code i} after the command name in {@code /proc/<pid>/stat}: 0 state, 1 ppid, 2 pgrp, 3 session. */
  private static long statField(long pid, int i) throws IOException {
    return Long.parseLong(stat(pid)[i]);
  }

  private static String[] stat(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), ISO_8859_1);
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  private static Consumer<Throwable> rexd(ErrorCode code, String reason) {
    return t -> {
      assertThat(t).isInstanceOf(RexdException.class);
      RexdException e = (RexdException) t;
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.reason()).isEqualTo(reason);
    };
  }
}
