package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The command lists see the program that really runs: argv[0] resolved once through the
 * server's PATH, normalised, followed through symlinks; entries stand for their real files.
 */
class CommandPolicyTest extends OnEverySpawnPath {

  @Test
  void everySpellingOfADeniedProgramIsDenied() throws Exception {
    Path id = Path.of("/usr/bin/id");
    assumeTrue(Files.isExecutable(id), "needs /usr/bin/id");
    Files.createSymbolicLink(root.resolve("myid"), id);
    try (ExecFixture denied = fixture(ProcessPolicy.defaults().withDeniedCommands(Set.of("id", "sh")))) {
      Session t = denied.open("t");
      for (String spelling : new String[] {"id", "/usr/bin/id/", "//usr//bin//id", "/usr/bin/../bin/id", "./myid",
          root.resolve("myid").toString()}) {
        expectDenied(denied, t, spelling);
      }
      // /bin/sh is dash (or bash) here, and still caught by "sh"
      expectDenied(denied, t, "/bin/sh");
      expectDenied(denied, t, "sh");
      assertThat(denied.run(t, Start.argv(t.id(), "echo", "fine")).out()).isEqualTo("fine\n");
    }
  }

  @Test
  void aDeniedRealFileIsDeniedUnderAnyName() throws Exception {
    Path realSh = Path.of("/bin/sh").toRealPath();
    try (ExecFixture denied = fixture(ProcessPolicy.defaults().withDeniedCommands(Set.of("sh")))) {
      Session t = denied.open("t");
      expectDenied(denied, t, realSh.toString());
      expectDenied(denied, t, realSh.getFileName().toString());
    }
  }

  @Test
  void aPathInTheRequestsEnvironmentDoesNotChooseTheProgram() throws Exception {
    Path fake = Files.createDirectories(root.resolve("fake"));
    Files.copy(Path.of("/bin/sh").toRealPath(), fake.resolve("echo"), StandardCopyOption.COPY_ATTRIBUTES);
    try (ExecFixture allowed = fixture(ProcessPolicy.defaults().withAllowedCommands(Set.of("echo")))) {
      Session t = allowed.open("t");
      ExecFixture.Run run = allowed.run(t, Start.argv(t.id(), "echo", "-c", "id").env(Map.of("PATH", fake.toString())));
      assertThat(run.out()).isEqualTo("-c id\n");
      expectDenied(allowed, t, fake.resolve("echo").toString());
    }
  }

  @Test
  void anAllowListNamesRealFilesByNameOrAbsolutePath() throws Exception {
    Path echo = Path.of("/bin/echo").toRealPath();
    Files.createSymbolicLink(root.resolve("say"), echo);
    try (ExecFixture allowed = fixture(ProcessPolicy.defaults().withAllowedCommands(Set.of(echo.toString())))) {
      Session t = allowed.open("t");
      assertThat(allowed.run(t, Start.argv(t.id(), "echo", "a")).out()).isEqualTo("a\n");
      assertThat(allowed.run(t, Start.argv(t.id(), "./say", "b")).out()).isEqualTo("b\n");
      assertThat(allowed.run(t, Start.argv(t.id(), "/bin//echo/", "c")).out()).isEqualTo("c\n");
      expectDenied(allowed, t, "true");
    }
  }

  private ExecFixture fixture(ProcessPolicy policy) {
    return new ExecFixture(root, Limits.defaults(), path.service(policy.withKillGraceMillis(ExecFixture.GRACE_MILLIS)));
  }

  private static void expectDenied(ExecFixture fx, Session t, String argv0) {
    assertThatThrownBy(() -> fx.start(t, Start.argv(t.id(), argv0))).as(argv0)
        .isInstanceOfSatisfying(RexdException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_CAPABILITY);
          assertThat(e.reason()).isEqualTo(Reasons.COMMAND_DENIED);
        });
  }
}
