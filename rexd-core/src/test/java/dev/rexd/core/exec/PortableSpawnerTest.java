package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.core.Limits;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the portable spawn path has: the fallback for hosts without a setsid program. */
class PortableSpawnerTest {
  @TempDir
  Path root;

  @Test
  void withoutSetsidTheProcessTreeIsStillSignalled() throws Exception {
    ExecService exec = new ExecService(ExecPolicy.defaults().withKillGraceMillis(ExecFixture.GRACE_MILLIS),
        new PortableSpawner(null));
    try (ExecFixture plain = new ExecFixture(root, Limits.defaults(), exec)) {
      Session t = plain.open("t");
      assertThat(plain.run(t, Start.argv(t.id(), "echo", "plain")).out()).isEqualTo("plain\n");
      String id = plain.start(t, Start.sh(t.id(), ExecGroupsTest.WITH_GRANDCHILD));
      long grandchild = ExecFixture.firstPid(plain.events(t), id);

      plain.exec.kill(t, new ExecKillParams(t.id(), id, "KILL"));

      ExecFixture.awaitDead(grandchild);
      assertThat(plain.collect(t, id).exit().signal()).isEqualTo("SIGKILL");
    }
  }
}
