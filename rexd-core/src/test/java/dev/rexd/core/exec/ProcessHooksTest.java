package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ManagedProcess;
import dev.rexd.core.process.ProcessExit;
import dev.rexd.core.process.ProcessHooks;
import dev.rexd.core.process.ProcessOutput;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.StartContext;
import dev.rexd.core.process.Verdict;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hooks every process passes through: before the start, on start, on each output chunk, on exit. */
class ProcessHooksTest {
  @TempDir
  Path root;

  private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

  @Test
  void hooksSeeStartOutputAndExitInOrder() throws Exception {
    try (ExecFixture fx = fixture(new Recorder("a"), new Recorder("b"))) {
      Session s = fx.open("s");
      ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "echo", "hi"));
      assertThat(run.out()).isEqualTo("hi\n");
      assertThat(List.copyOf(seen)).containsExactly("a before", "b before", "a start " + run.processId(),
          "b start " + run.processId(), "a out 1 hi\n", "b out 1 hi\n", "a exit 0", "b exit 0");
    }
  }

  @Test
  void aRefusalStopsTheStartAndLaterHooksAreNotAsked() {
    RexdException no = RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, "not_approved", "an operator said no");
    ProcessHooks deny = new ProcessHooks() {
      @Override
      public CompletionStage<Verdict> beforeStart(StartContext start) {
        return CompletableFuture.completedFuture(Verdict.deny(no));
      }
    };
    try (ExecFixture fx = fixture(deny, new Recorder("later"))) {
      Session s = fx.open("s");
      assertThatThrownBy(() -> fx.start(s, Start.argv(s.id(), "true"))).isSameAs(no);
      assertThat(seen).isEmpty();
      assertThat(s.processes()).isEmpty();
      assertThat(s.runningProcesses()).isZero();
    }
  }

  @Test
  void aHeldStartGoesOnWhenTheVerdictComes() throws Exception {
    CompletableFuture<Verdict> decision = new CompletableFuture<>();
    ProcessHooks hold = new ProcessHooks() {
      @Override
      public CompletionStage<Verdict> beforeStart(StartContext start) {
        seen.add("held " + start.request().argv());
        return decision;
      }
    };
    try (ExecFixture fx = fixture(hold)) {
      Session s = fx.open("s");
      CompletableFuture<String> started = CompletableFuture.supplyAsync(() -> fx.start(s, Start.argv(s.id(), "true")));
      assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("held [true]");
      assertThat(started).isNotDone();
      decision.complete(Verdict.ALLOW);
      assertThat(fx.collect(s, started.get(10, TimeUnit.SECONDS)).exit().exitCode()).isZero();
    }
  }

  @Test
  void anErrorWhileDeliveringOutputEndsTheProcessAndIsReported() throws Exception {
    ProcessHooks failing = new ProcessHooks() {
      @Override
      public void onOutput(ProcessOutput output) {
        throw new OutOfMemoryError("simulated: no heap for this chunk");
      }
    };
    try (ExecFixture fx = fixture(failing)) {
      Session s = fx.open("s");
      ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "yes"));
      assertThat(run.exit().truncated()).isTrue();
      assertThat(run.exit().signal()).isEqualTo("SIGTERM");
      assertThat(run.exit().exitCode()).isEqualTo(143);
      assertThat(run.exit().bytesStdout()).isEqualTo(run.stdout().length).isZero();
    }
  }

  private ExecFixture fixture(ProcessHooks... hooks) {
    ProcessService processes = new ProcessService(
        ProcessPolicy.defaults().withKillGraceMillis(ExecFixture.GRACE_MILLIS), SpawnPath.PORTABLE::spawner,
        List.of(hooks));
    return new ExecFixture(root, Limits.defaults(), processes);
  }

  /** Records what it sees into {@link #seen}, prefixed by its name. */
  private final class Recorder implements ProcessHooks {
    private final String name;

    Recorder(String name) {
      this.name = name;
    }

    @Override
    public CompletionStage<Verdict> beforeStart(StartContext start) {
      seen.add(name + " before");
      return CompletableFuture.completedFuture(Verdict.ALLOW);
    }

    @Override
    public void onStart(ManagedProcess process) {
      seen.add(name + " start " + process.id());
    }

    @Override
    public void onOutput(ProcessOutput output) {
      seen.add(name + " out " + output.seq() + " " + new String(output.bytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void onExit(ProcessExit exit) {
      seen.add(name + " exit " + exit.status().exitCode());
    }
  }
}
