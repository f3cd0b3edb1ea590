package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.core.session.Session;
import org.junit.jupiter.api.Test;

/** Every way the server ends a process also ends its grandchildren. */
class ExecGroupsTest extends OnEverySpawnPath {
  static final String WITH_GRANDCHILD = "sleep 300 & echo $!; wait";


  @Test
  void killEndsGrandchildren() throws Exception {
    String id = fx.start(s, Start.sh(s.id(), WITH_GRANDCHILD));
    long grandchild = fx.firstPid(s, id);
    assertThat(ExecFixture.running(grandchild)).isTrue();

    fx.exec.kill(s, new ExecKillParams(s.id(), id, "TERM"));

    ExecFixture.awaitDead(grandchild);
    assertThat(fx.collect(s, id).exit().signal()).isEqualTo("SIGTERM");
  }

  @Test
  void timeoutEndsGrandchildren() throws Exception {
    String id = fx.start(s, Start.sh(s.id(), WITH_GRANDCHILD).timeoutMs(300));
    long grandchild = fx.firstPid(s, id);

    assertThat(fx.collect(s, id).exit().timedOut()).isTrue();
    ExecFixture.awaitDead(grandchild);
  }

  @Test
  void outputLimitEndsGrandchildren() throws Exception {
    String id = fx.start(s, Start.sh(s.id(), "sleep 300 & echo $!; sleep 0.2; head -c 100000 /dev/zero; wait")
        .maxOutputBytes(5000));
    long grandchild = fx.firstPid(s, id);

    ExecFixture.Run rest = fx.collect(s, id);
    assertThat(rest.exit().truncated()).isTrue();
    ExecFixture.awaitDead(grandchild);
  }

  @Test
  void aBackgroundJobHoldingThePipeNeitherHoldsTheExitNorDies() throws Exception {
    // the shell exits at once; its background job still holds stdout
    String id = fx.start(s, Start.sh(s.id(), "sleep 97 & echo $!"));
    long job = fx.firstPid(s, id);
    ExecFixture.Run run = fx.collect(s, id);

    assertThat(run.exit().exitCode()).isZero();
    assertThat(run.exit().signal()).isNull();
    assertThat(fx.await(s, id, 0L).status()).isEqualTo(ProcessStatus.EXITED);
    assertThat(ExecFixture.running(job)).isTrue();

    s.close();
    ExecFixture.awaitDead(job);
  }

  @Test
  void outputOfABackgroundJobAfterTheExitIsDrainedAndDiscarded() throws Exception {
    // 1 MB after exec.exit: the job would block on the full pipe if nothing read it
    String id = fx.start(s, Start.sh(s.id(), "(sleep 0.5; head -c 1000000 /dev/zero; sleep 0.2) & echo $!"));
    long job = fx.firstPid(s, id);
    ExecFixture.Run run = fx.collect(s, id);
    assertThat(run.exit().bytesStdout()).isEqualTo(run.stdout().length);

    ExecFixture.awaitDead(job);
    assertThat(fx.events(s).pending(id)).isZero();
  }

  @Test
  void sessionCloseEndsGrandchildrenButNotDetachedProcesses() throws Exception {
    String attached = fx.start(s, Start.sh(s.id(), WITH_GRANDCHILD));
    String detached = fx.start(s, Start.sh(s.id(), WITH_GRANDCHILD).detach());
    long attachedChild = fx.firstPid(s, attached);
    long detachedChild = fx.firstPid(s, detached);

    s.close();

    ExecFixture.awaitDead(attachedChild);
    assertThat(ExecFixture.running(detachedChild)).isTrue();

    fx.processes.shutdown();
    assertThat(ExecFixture.running(detachedChild)).isTrue();
    ProcessHandle.of(detachedChild).ifPresent(ProcessHandle::destroyForcibly);
    ExecFixture.awaitDead(detachedChild);
  }

  @Test
  void sessionCloseEndsGroupsThatOutlivedTheirLeader() throws Exception {
    String id = fx.start(s, Start.sh(s.id(), "sleep 300 >/dev/null 2>&1 & echo $!"));
    long orphan = fx.firstPid(s, id);
    assertThat(fx.collect(s, id).exit().exitCode()).isZero();
    assertThat(ExecFixture.running(orphan)).isTrue();

    s.close();

    ExecFixture.awaitDead(orphan);
  }

  @Test
  void killAfterTheLeaderExitedStillReachesTheGroup() throws Exception {
    String id = fx.start(s, Start.sh(s.id(), "sleep 300 >/dev/null 2>&1 & echo $!"));
    long orphan = fx.firstPid(s, id);
    fx.collect(s, id);
    assertThat(ExecFixture.running(orphan)).isTrue();

    fx.exec.kill(s, new ExecKillParams(s.id(), id, "KILL"));

    ExecFixture.awaitDead(orphan);
  }

  @Test
  void shutdownEndsEveryProcessOfEverySessionButDetachedOnes() throws Exception {
    Session other = fx.open("s2");
    String a = fx.start(s, Start.sh(s.id(), WITH_GRANDCHILD));
    String b = fx.start(other, Start.sh(other.id(), WITH_GRANDCHILD).detach());
    long ga = fx.firstPid(s, a);
    long gb = fx.firstPid(other, b);

    fx.processes.shutdown();

    ExecFixture.awaitDead(ga);
    assertThat(fx.collect(s, a).exit().signal()).isEqualTo("SIGTERM");
    assertThat(ExecFixture.running(gb)).isTrue();
    ProcessHandle.of(gb).ifPresent(ProcessHandle::destroyForcibly);
    ExecFixture.awaitDead(gb);
  }
}
