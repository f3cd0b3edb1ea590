package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.TestSpawners;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the portable spawn path has: the fallback for hosts without a setsid program. */
class PortableSpawnerTest {
  @TempDir
  Path root;

  @Test
  void withoutSetsidTheProcessTreeIsStillSignalled() throws Exception {
    ProcessService processes = new ProcessService(
        ProcessPolicy.defaults().withKillGraceMillis(ExecFixture.GRACE_MILLIS), TestSpawners::portableWithoutSetsid,
        List.of());
    try (ExecFixture plain = new ExecFixture(root, Limits.defaults(), processes)) {
      Session t = plain.open("t");
      assertThat(plain.run(t, Start.argv(t.id(), "echo", "plain")).out()).isEqualTo("plain\n");
      String id = plain.start(t, Start.sh(t.id(), ExecGroupsTest.WITH_GRANDCHILD));
      long grandchild = plain.firstPid(t, id);

      plain.exec.kill(t, new ExecKillParams(t.id(), id, "KILL"));

      ExecFixture.awaitDead(grandchild);
      assertThat(plain.collect(t, id).exit().signal()).isEqualTo("SIGKILL");
    }
  }
}
