package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.StreamName;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bounded memory: the last replay_bytes per process, evicted old processes, a server-wide cap. */
class ExecRetentionTest extends OnEverySpawnPath {
  /** Larger than one chunk (a read of up to 128 KiB), smaller than the output. */
  private static final long REPLAY = 256 * 1024;

  @Override
  Limits limits() {
    return Limits.defaults().withReplayBytes(REPLAY).withMaxRetainedProcesses(2).withMaxOutputBytes(8 << 20);
  }

  @Test
  void onlyTheLastReplayBytesAreRetainedAndFirstSeqSaysWhereTheyStart() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "echo err >&2; head -c 1000000 /dev/zero"));
    assertThat(run.stdout()).hasSize(1_000_000);

    ExecOutputResult r = fx.exec.output(s, new ExecOutputParams(s.id(), run.processId(), null, null));
    long retained = 0;
    for (OutputChunk c : r.chunks()) {
      retained += c.encoding().decode(c.data()).length;
    }
    assertThat(retained).isLessThanOrEqualTo(REPLAY).isPositive();
    long firstStdout = r.firstSeq().stdout();
    assertThat(firstStdout).isGreaterThan(1);
    List<Long> stdoutSeqs = r.chunks().stream().filter(c -> c.stream() == StreamName.STDOUT).map(OutputChunk::seq)
        .toList();
    long lastStdout = run.stdoutChunks().size();
    assertThat(stdoutSeqs.get(0)).isEqualTo(firstStdout);
    assertThat(stdoutSeqs.get(stdoutSeqs.size() - 1)).isEqualTo(lastStdout);
    assertThat(stdoutSeqs).hasSize((int) (lastStdout - firstStdout + 1));
    // stderr's only chunk came before the last replay_bytes: dropped, its next seq would be 2
    assertThat(r.chunks()).noneMatch(c -> c.stream() == StreamName.STDERR);
    assertThat(r.firstSeq().stderr()).isEqualTo(2);
  }

  @Test
  void olderEndedProcessesAreEvicted() throws Exception {
    String first = fx.run(s, Start.argv(s.id(), "true")).processId();
    String second = fx.run(s, Start.argv(s.id(), "true")).processId();
    String third = fx.run(s, Start.argv(s.id(), "true")).processId();

    assertThatThrownBy(() -> fx.await(s, first, 0L)).isInstanceOfSatisfying(RexdException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_NOT_FOUND);
      assertThat(e.reason()).isEqualTo(Reasons.EVICTED);
    });
    assertThat(fx.await(s, second, 0L).exitCode()).isZero();
    assertThat(fx.await(s, third, 0L).exitCode()).isZero();
    assertThat(s.processes()).hasSize(2);
    assertThatThrownBy(() -> fx.await(s, "p_999999", 0L)).isInstanceOfSatisfying(RexdException.class,
        e -> assertThat(e.reason()).isEqualTo(Reasons.PROCESS_NOT_FOUND));
  }

  @Test
  void theServerWideBoundDropsTheOutputOfTheOldestEndedProcessFirst() throws Exception {
    ProcessService small = new ProcessService(ProcessPolicy.defaults().withKillGraceMillis(ExecFixture.GRACE_MILLIS),
        path::spawner, List.of(), 100_000);
    try (ExecFixture bounded = new ExecFixture(root, limits(), small)) {
      Session t = bounded.open("t");
      String older = bounded.run(t, Start.sh(t.id(), "head -c 60000 /dev/zero")).processId();
      String newer = bounded.run(t, Start.sh(t.id(), "head -c 60000 /dev/zero")).processId();

      ExecOutputResult gone = bounded.exec.output(t, new ExecOutputParams(t.id(), older, null, null));
      assertThat(gone.chunks()).isEmpty();
      assertThat(gone.firstSeq().stdout()).isGreaterThan(1);
      ExecOutputResult kept = bounded.exec.output(t, new ExecOutputParams(t.id(), newer, null, null));
      assertThat(kept.chunks()).isNotEmpty();
      assertThat(kept.firstSeq().stdout()).isEqualTo(1);
      assertThat(bounded.exec.await(t, new ExecWaitParams(t.id(), older, 0L)).bytesStdout()).isEqualTo(60_000);
    }
  }

  @Test
  void detachCanBeTurnedOff() {
    ProcessService noDetach = path.service(ProcessPolicy.defaults().withAllowDetach(false));
    try (ExecFixture strict = new ExecFixture(root, limits(), noDetach)) {
      Session t = strict.open("t");
      assertThatThrownBy(() -> strict.start(t, Start.argv(t.id(), "true").detach()))
          .isInstanceOfSatisfying(RexdException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY);
            assertThat(e.reason()).isEqualTo(Reasons.DETACH_DISABLED);
          });
      assertThat(t.runningProcesses()).isZero();
    }
  }
}
