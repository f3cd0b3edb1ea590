package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.core.Limits;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every way exec.* refuses a call: immediately, with a code and a reason, never a hang. */
class ExecErrorsTest extends OnEverySpawnPath {

  @Test
  void missingProgramIsNotFound() {
    expect(() -> fx.start(s, Start.argv(s.id(), "rexd-no-such-program-xyz")), ErrorCode.INVALID_PARAMS,
        Reasons.NOT_FOUND);
    expect(() -> fx.start(s, Start.argv(s.id(), "./missing.sh")), ErrorCode.INVALID_PARAMS, Reasons.NOT_FOUND);
    expect(() -> fx.start(s, Start.argv(s.id(), "/nonexistent/bin/tool")), ErrorCode.INVALID_PARAMS,
        Reasons.NOT_FOUND);
    assertThat(s.runningProcesses()).isZero();
  }

  @Test
  void nonExecutableProgramIsPermissionDenied() throws Exception {
    Path script = root.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
    expect(() -> fx.start(s, Start.argv(s.id(), "./script.sh")), ErrorCode.INVALID_PARAMS,
        Reasons.PERMISSION_DENIED);
    Files.createDirectory(root.resolve("adir"));
    expect(() -> fx.start(s, Start.argv(s.id(), root.resolve("adir").toString())), ErrorCode.INVALID_PARAMS,
        Reasons.PERMISSION_DENIED);
    assertThat(s.runningProcesses()).isZero();
  }

  @Test
  void missingCwdIsNotFoundAndCwdOutsideTheRootsIsForbidden() {
    expect(() -> fx.start(s, Start.argv(s.id(), "true").cwd("no/such/dir")), ErrorCode.INVALID_PARAMS,
        Reasons.NOT_FOUND);
    expect(() -> fx.start(s, Start.argv(s.id(), "true").cwd("/")), ErrorCode.FORBIDDEN_PATH,
        Reasons.OUTSIDE_ROOTS);
  }

  @Test
  void shellDisabledIsUnsupportedCapability() {
    try (ExecFixture noShell = new ExecFixture(root, Limits.defaults(),
        path.service(ProcessPolicy.defaults().withAllowShell(false)))) {
      Session t = noShell.open("t");
      expect(() -> noShell.start(t, Start.sh(t.id(), "echo hi")), ErrorCode.UNSUPPORTED_CAPABILITY,
          Reasons.SHELL_DISABLED);
      expect(() -> noShell.start(t, Start.sh(t.id(), "echo hi").login()), ErrorCode.UNSUPPORTED_CAPABILITY,
          Reasons.SHELL_DISABLED);
      assertThat(t.runningProcesses()).isZero();
    }
  }

  @Test
  void commandPolicyChecksTheBasenameOfArgv0() throws Exception {
    ProcessPolicy policy = ProcessPolicy.defaults().withAllowedCommands(Set.of("echo", "rm")).withDeniedCommands(Set.of("rm"));
    try (ExecFixture limited = new ExecFixture(root, Limits.defaults(), path.service(policy))) {
      Session t = limited.open("t");
      expect(() -> limited.start(t, Start.argv(t.id(), "rm", "-rf", "x")), ErrorCode.UNSUPPORTED_CAPABILITY,
          Reasons.COMMAND_DENIED);
      expect(() -> limited.start(t, Start.argv(t.id(), "/bin/rm", "x")), ErrorCode.UNSUPPORTED_CAPABILITY,
          Reasons.COMMAND_DENIED);
      expect(() -> limited.start(t, Start.argv(t.id(), "cat")), ErrorCode.UNSUPPORTED_CAPABILITY,
          Reasons.COMMAND_DENIED);
      assertThat(limited.run(t, Start.argv(t.id(), "/bin/echo", "ok")).out()).isEqualTo("ok\n");
    }
  }

  @Test
  void argvAndShellAreExclusiveAndOneIsRequired() {
    expect(() -> fx.exec.start(fx.call(), s, new ExecStartParams(s.id(), List.of("echo"), true, null, "echo", null,
        null, null, null, null, null, null, null, null, null)), ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT);
    expect(() -> fx.exec.start(fx.call(), s, new ExecStartParams(s.id(), null, null, null, null, null,
        null, null, null, null, null, null, null, null, null)), ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT);
    expect(() -> fx.exec.start(fx.call(), s, new ExecStartParams(s.id(), null, null, null, "echo hi", null,
        null, null, null, null, null, null, null, null, null)), ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT);
    expect(() -> fx.start(s, Start.sh(s.id(), " ")), ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT);
    expect(() -> fx.start(s, Start.argv(s.id(), "")), ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT);
    expect(() -> fx.start(s, Start.argv(s.id(), "echo", "a\0b")), ErrorCode.INVALID_PARAMS,
        Reasons.INVALID_ARGUMENT);
    expect(() -> fx.start(s, Start.argv(s.id(), "true").env(Map.of("A=B", "x"))), ErrorCode.INVALID_PARAMS,
        Reasons.INVALID_ARGUMENT);
    assertThat(s.runningProcesses()).isZero();
  }

  @Test
  void anotherSessionsProcessIsProcessNotFound() throws Exception {
    String id = fx.start(s, Start.argv(s.id(), "cat"));
    Session other = fx.open("s2");
    expectNotFound(() -> fx.exec.await(other, new ExecWaitParams(other.id(), id, 0L)));
    expectNotFound(() -> fx.exec.kill(other, new ExecKillParams(other.id(), id, "KILL")));
    expectNotFound(() -> fx.exec.input(other, new ExecInputParams(other.id(), id, "x", null, true)));
    expectNotFound(() -> fx.exec.output(other, new ExecOutputParams(other.id(), id, null, null)));
    fx.start(other, Start.argv(other.id(), "true"));
    expectNotFound(() -> fx.exec.kill(other, new ExecKillParams(other.id(), id, "KILL")));
    expectNotFound(() -> fx.exec.await(s, new ExecWaitParams(s.id(), "p_999999", 0L)));

    fx.exec.input(s, new ExecInputParams(s.id(), id, null, null, true));
    assertThat(fx.collect(s, id).exit().exitCode()).isZero();
  }

  @Test
  void badBase64InputIsInvalidParams() {
    String id = fx.start(s, Start.argv(s.id(), "cat"));
    expect(() -> fx.exec.input(s, new ExecInputParams(s.id(), id, "***", dev.rexd.api.Encoding.BASE64, false)),
        ErrorCode.INVALID_PARAMS, Reasons.INVALID_ARGUMENT);
    fx.exec.input(s, new ExecInputParams(s.id(), id, null, null, true));
  }

  @Test
  void startOnAClosedSessionIsRefused() {
    s.close();
    assertThatThrownBy(() -> fx.start(s, Start.argv(s.id(), "true")))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.SESSION_NOT_FOUND));
  }

  private static void expectNotFound(ThrowingCallable call) {
    expect(call, ErrorCode.PROCESS_NOT_FOUND, Reasons.PROCESS_NOT_FOUND);
  }

  private static void expect(ThrowingCallable call, ErrorCode code, String reason) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RexdException.class, e -> {
      assertThat(e.code()).isEqualTo(code);
      assertThat(e.reason()).isEqualTo(reason);
    });
  }
}
