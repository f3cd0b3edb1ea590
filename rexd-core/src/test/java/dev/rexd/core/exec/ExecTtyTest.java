package dev.rexd.core.exec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.exec.StreamName;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.sandbox.TestSandbox;
import dev.rexd.core.session.Session;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The params {@code exec.start {tty, strip_ansi}} (protocol section 9.7) with real programs, on the
 * host and inside a bubblewrap sandbox.
 */
@ParameterizedClass(name = "sandboxed = {0}")
@ValueSource(booleans = {false, true})
class ExecTtyTest {
  @Parameter
  boolean sandboxed;

  private static final String ESC = "\u001b[";

  @TempDir Path root;

  private ExecFixture fx;
  private Session s;

  /** What one process sent: the data of each stream, and its exit. */
  private record Output(String stdout, String stderr, ExecExitEvent exit) {}

  @BeforeEach
  void setUp() {
    Spawner spawner = sandboxed ? TestSandbox.spawnerOrSkip() : Spawners.system();
    ProcessService processes = new ProcessService(ProcessPolicy.defaults().withKillGraceMillis(500),
        () -> spawner, List.of());
    fx = new ExecFixture(root, Limits.defaults(), processes);
    assumeTrue(processes.terminalsAvailable(), "pseudo-terminals do not work on this host");
    s = fx.open("s1");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  /**
   * Takes every event of the process up to its exit: both streams' data in order, each stream's
   * seq from 1 without a gap, text events (with {@code text}) always {@code utf8}.
   */
  private Output collect(String pid, boolean text) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long outSeq = 0;
    long errSeq = 0;
    while (true) {
      EventRecorder.Event e = fx.events(s).next(pid);
      if (e.isExit()) {
        return new Output(out.toString(UTF_8), err.toString(UTF_8), e.exit());
      }
      ExecOutputEvent o = e.output();
      if (text) {
        assertThat(o.encoding()).isEqualTo(Encoding.UTF8);
      }
      if (e.method().equals("exec.stdout")) {
        assertThat(o.seq()).isEqualTo(++outSeq);
        out.writeBytes(o.encoding().decode(o.data()));
      } else {
        assertThat(o.seq()).isEqualTo(++errSeq);
        err.writeBytes(o.encoding().decode(o.data()));
      }
    }
  }

  private Output run(Start start, boolean text) throws InterruptedException {
    return collect(fx.start(s, start), text);
  }

  @Test
  void onATtyTheProgramSeesATerminalAndStderrArrivesMergedAsStdout() throws Exception {
    Output piped = run(Start.sh(s.id(), "test -t 1 && echo tty || echo pipe; echo err >&2"), false);
    assertThat(piped.stdout()).isEqualTo("pipe\n");
    assertThat(piped.stderr()).isEqualTo("err\n");

    Output tty = run(Start.sh(s.id(), "test -t 0 && test -t 1 && test -t 2 && echo tty; echo \"$TERM\"; "
        + "stty size; echo err >&2").tty().size(100, 20), false);
    assertThat(tty.stdout()).isEqualTo("tty\r\nxterm-256color\r\n20 100\r\nerr\r\n");
    assertThat(tty.stderr()).isEmpty();
    assertThat(tty.exit().exitCode()).isZero();
    assertThat(tty.exit().bytesStdout()).isEqualTo(tty.stdout().getBytes(UTF_8).length);
    assertThat(tty.exit().bytesStderr()).isZero();
  }

  @Test
  void lsColoursOnlyOnATtyAndStripAnsiLeavesTheTextItsRawBytesCounted() throws Exception {
    Files.createDirectory(root.resolve("subdir"));
    Files.writeString(root.resolve("plain.txt"), "x");
    Output piped = run(Start.argv(s.id(), "ls", "--color=auto"), false);
    assertThat(piped.stdout()).isEqualTo("plain.txt\nsubdir\n");

    Output coloured = run(Start.argv(s.id(), "ls", "--color=auto", "-1").tty(), false);
    assertThat(coloured.stdout()).contains(ESC).contains("subdir").endsWith("\r\n");

    Output text = run(Start.argv(s.id(), "ls", "--color=auto", "-1").tty().stripAnsi(), true);
    assertThat(text.stdout()).isEqualTo("plain.txt\nsubdir\n");
    assertThat(text.exit().bytesStdout()).isEqualTo(coloured.exit().bytesStdout())
        .isGreaterThan(text.stdout().length());
  }

  @Test
  void stripAnsiCollapsesRedrawsOnPipesPerStreamWithItsOwnSeq() throws Exception {
    String raw = "printf '\\033[1;31mred\\033[0m\\n'; printf '10%%\\r50%%\\r100%%\\n'; "
        + "printf 'bad\\r\\033[Kfixed\\nlast' >&2";
    Output bytes = run(Start.sh(s.id(), raw), false);
    assertThat(bytes.stdout()).isEqualTo("\u001b[1;31mred\u001b[0m\n10%\r50%\r100%\n");

    Output text = run(Start.sh(s.id(), raw).stripAnsi(), true);
    assertThat(text.stdout()).isEqualTo("red\n100%\n");
    assertThat(text.stderr()).isEqualTo("fixed\nlast");
    assertThat(text.exit().bytesStdout()).isEqualTo(bytes.exit().bytesStdout());
    assertThat(text.exit().bytesStderr()).isEqualTo("bad\r\u001b[Kfixed\nlast".length());
  }

  @Test
  void anUnfinishedLineIsSentAfterAPauseSoAPromptShowsBeforeItIsAnswered() throws Exception {
    String pid = fx.start(s, Start.sh(s.id(), "printf '\\033[1mName?\\033[0m '; read name; echo \"hi $name\"")
        .tty().stripAnsi());
    EventRecorder.Event prompt = fx.events(s).next(pid);
    assertThat(prompt.method()).isEqualTo("exec.stdout");
    assertThat(prompt.output().seq()).isEqualTo(1);
    assertThat(prompt.output().data()).isEqualTo("Name? ");

    fx.exec.input(s, new ExecInputParams(s.id(), pid, "bob\n", null, null));
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    long seq = 1;
    for (EventRecorder.Event e = fx.events(s).next(pid); !e.isExit(); e = fx.events(s).next(pid)) {
      assertThat(e.output().seq()).isEqualTo(++seq);
      rest.writeBytes(e.output().data().getBytes(UTF_8));
    }
    assertThat(rest.toString(UTF_8)).isEqualTo("bob\nhi bob\n");   // the terminal's echo, then the answer

    ExecOutputResult replay = fx.exec.output(s, new ExecOutputParams(s.id(), pid, StreamName.STDOUT, 0L));
    assertThat(replay.status()).isEqualTo(ProcessStatus.EXITED);
    assertThat(replay.chunks()).extracting(OutputChunk::seq).startsWith(1L, 2L);
    assertThat(String.join("", replay.chunks().stream().map(OutputChunk::data).toList()))
        .isEqualTo("Name? bob\nhi bob\n");
  }

  @Test
  void stdinGivenToATtyCommandEndsWithEndOfFile() throws Exception {
    Output whole = run(Start.argv(s.id(), "cat").stdin("one\n").tty().stripAnsi(), true);
    assertThat(whole.exit().exitCode()).isZero();
    assertThat(whole.stdout()).isEqualTo("one\none\n");   // the echo, then cat

    Output unfinished = run(Start.argv(s.id(), "wc", "-c").stdin("four").tty().stripAnsi(), true);
    assertThat(unfinished.exit().exitCode()).isZero();
    assertThat(unfinished.stdout()).endsWith("4\n");
  }

  @Test
  void aSizeWithoutTtyOrOutOfRangeIsRefusedNamingTheField() {
    expectInvalid(Start.argv(s.id(), "true").size(80, null), "cols");
    expectInvalid(Start.argv(s.id(), "true").size(null, 24), "rows");
    expectInvalid(Start.argv(s.id(), "true").tty().size(70_000, 24), "cols");
    expectInvalid(Start.argv(s.id(), "true").tty().size(80, -1), "rows");
  }

  @Test
  void ttyWherePseudoTerminalsDoNotWorkIsUnsupported() throws Exception {
    ProcessService noTerminals = new ProcessService(ProcessPolicy.defaults(), () -> spec -> {
      if (spec.terminal() != null) {
        throw new IllegalStateException("no pseudo-terminals in this test");
      }
      return Spawners.system().spawn(spec);
    }, List.of());
    try (ExecFixture plain = new ExecFixture(root, Limits.defaults(), noTerminals)) {
      Session one = plain.open("one");
      assertThatThrownBy(() -> plain.start(one, Start.argv(one.id(), "true").tty()))
          .isInstanceOfSatisfying(RexdException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY);
            assertThat(e.reason()).isEqualTo(Reasons.PTY_UNAVAILABLE);
          });
      assertThat(new String(plain.run(one, Start.argv(one.id(), "echo", "piped").stripAnsi()).stdout(), UTF_8))
          .isEqualTo("piped\n");
    }
  }

  private void expectInvalid(Start start, String field) {
    assertThatThrownBy(() -> fx.start(s, start)).isInstanceOfSatisfying(RexdException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
      assertThat(e.reason()).isEqualTo(Reasons.INVALID_ARGUMENT);
      assertThat(e.data()).containsEntry("field", field);
    });
  }
}
