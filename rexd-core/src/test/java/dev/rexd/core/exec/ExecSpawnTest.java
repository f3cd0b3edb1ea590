package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import dev.rexd.core.process.TestLibc;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the spawn path itself decides: exit reporting, descriptors, and exec of odd programs. */
class ExecSpawnTest extends OnEverySpawnPath {
  @Override
  Limits limits() {
    return Limits.defaults().withMaxProcessesPerSession(64);
  }

  @Test
  void aSignalTheChildSentItselfIsReportedExactlyOnTheDirectPath() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "kill -9 $$"));

    if (path == SpawnPath.DIRECT) {
      assertThat(run.exit().exitCode()).isEqualTo(137);
      assertThat(run.exit().signal()).isEqualTo("SIGKILL");
      assertThat(fx.await(s, run.processId(), 0L).status()).isEqualTo(ProcessStatus.KILLED);
    } else {
      // the JDK's exit value 137 is ambiguous, and the server sent no signal: an exit code
      assertThat(run.exit().exitCode()).isEqualTo(137);
      assertThat(run.exit().signal()).isNull();
    }
  }

  @Test
  void anExitCodeIsExactWhateverItsValue() throws Exception {
    for (int code : new int[] {0, 1, 127, 128, 137, 255}) {
      ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "exit " + code));
      assertThat(run.exit().exitCode()).as("exit %d", code).isEqualTo(code);
      assertThat(run.exit().signal()).isNull();
    }
  }

  @Test
  void descriptorsReturnToTheirBaselineAfter200ProcessesStartedFromFourThreads() throws Exception {
    for (int i = 0; i < 4; i++) {
      runOne(i);   // warm-up: classes loaded, thread pools started
    }
    int baseline = ExecFixture.openFds();

    ExecutorService starters = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(starters.submit(() -> {
          for (int i = 0; i < 50; i++) {
            runOne(i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      starters.shutdownNow();
    }

    ExecFixture.awaitFdsAtMost(baseline);
  }

  /** One of four kinds of process, by {@code i}: output, exit code and stdin all checked. */
  private void runOne(int i) throws InterruptedException {
    switch (i % 4) {
      case 0 -> assertThat(fx.run(s, Start.argv(s.id(), "true")).exit().exitCode()).isZero();
      case 1 -> assertThat(fx.run(s, Start.argv(s.id(), "cat").stdin("input " + i)).out()).isEqualTo("input " + i);
      case 2 -> {
        ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "echo out; echo err >&2; exit 3"));
        assertThat(run.out() + run.err() + run.exit().exitCode()).isEqualTo("out\nerr\n3");
      }
      default -> {
        String id = fx.start(s, Start.argv(s.id(), "cat"));   // stdin left open, closed by exec.input
        fx.exec.input(s, new ExecInputParams(s.id(), id, "x", null, true));
        assertThat(fx.collect(s, id).out()).isEqualTo("x");
      }
    }
  }

  @Test
  void childrenInheritNoDescriptorButTheirStandardStreams() throws Exception {
    int leaky = TestLibc.C.dup(1);   // open in the server without FD_CLOEXEC
    try {
      assertThat(leaky).isGreaterThan(2);
      ExecFixture.Run run = fx.run(s, Start.sh(s.id(), "ls /proc/$$/fd"));
      assertThat(Arrays.asList(run.out().split("\n"))).containsExactlyInAnyOrder("0", "1", "2");
    } finally {
      TestLibc.C.close(leaky);
    }
  }

  @Test
  void anExecutableWithoutInterpreterLineRunsThroughTheShell() throws Exception {
    Path script = root.resolve("plain-script");
    Files.writeString(script, "echo via-sh \"$1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "./plain-script", "arg 1"));

    assertThat(run.out()).isEqualTo("via-sh arg 1\n");
    assertThat(run.exit().exitCode()).isZero();
  }

  @Test
  void argvAndEnvironmentKeepNonAsciiBytes() throws Exception {
    ExecFixture.Run run = fx.run(s, Start.argv(s.id(), "sh", "-c", "printf '%s|%s' \"$1\" \"$REXD_V\"", "sh", "é€😀")
        .env(Map.of("REXD_V", "ü ß")));

    assertThat(run.out()).isEqualTo("é€😀|ü ß");
  }
}
