package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Pointer;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct spawner on its own, below {@link ProgramLocator}: a program or cwd that changed after
 * the request was checked fails at once with the errno's reason, and leaves nothing behind.
 */
class DirectSpawnerTest {
  private static final int SIGWINCH = 28;

  @TempDir
  Path root;

  private Spawner spawner;

  @BeforeEach
  void setUp() {
    assumeTrue(Spawners.usesPosixSpawn(), "posix_spawn is not this JVM's spawn path");
    spawner = Spawners.choosePipes(null);
  }

  @Test
  void aProgramThatIsGoneIsNotFound() {
    expect(request(root.resolve("gone"), root), Reasons.NOT_FOUND, "ENOENT");
  }

  @Test
  void aFileWithoutExecutePermissionIsPermissionDenied() throws Exception {
    Path file = Files.writeString(root.resolve("data.sh"), "#!/bin/sh\necho no\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    expect(request(file, root), Reasons.PERMISSION_DENIED, "EACCES");
    expect(request(root, root), Reasons.PERMISSION_DENIED, "EACCES");
  }

  @Test
  void aMissingCwdIsNotFound() throws Exception {
    expect(request(Path.of("/bin/true"), root.resolve("no/such/dir")), Reasons.NOT_FOUND, "ENOENT");
    Path file = Files.writeString(root.resolve("a-file"), "x");
    expect(request(Path.of("/bin/true"), file), Reasons.NOT_FOUND, "ENOTDIR");
  }

  @Test
  void failedStartsLeakNoDescriptor() throws Exception {
    expect(request(root.resolve("gone"), root), Reasons.NOT_FOUND, "ENOENT");
    int baseline = openFds();
    for (int i = 0; i < 100; i++) {
      expect(request(root.resolve("gone"), root), Reasons.NOT_FOUND, "ENOENT");
      expect(request(Path.of("/bin/true"), root.resolve("gone")), Reasons.NOT_FOUND, "ENOENT");
    }
    assertThat(openFds()).isLessThanOrEqualTo(baseline);
  }

  @Test
  void theChildStartsWithEverySignalAtItsDefault() throws Exception {
    Pointer previous = TestLibc.C.signal(SIGWINCH, TestLibc.SIG_IGN);   // ignored in the server
    try {
      Child child = spawner.spawn(request(Path.of("/bin/grep"), root, "grep", "^Sig[IB]", "/proc/self/status"));
      assertThat(drain(child)).isEqualTo("SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n");
      assertThat(child.exit().join()).isEqualTo(ChildExit.exited(0));
    } finally {
      TestLibc.C.signal(SIGWINCH, previous);
    }
  }

  @Test
  void theChildLeadsItsSessionWhenSpawnReturns() throws Exception {
    Child child = spawner.spawn(request(Path.of("/bin/sleep"), root, "sleep", "30"));
    String stat = Files.readString(Path.of("/proc/" + child.pid() + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertThat(Long.parseLong(f[2])).as("pgrp").isEqualTo(child.pid());
    assertThat(Long.parseLong(f[3])).as("session").isEqualTo(child.pid());

    assertThat(child.group().signal(9)).isTrue();
    drain(child);
    assertThat(child.exit().join()).isEqualTo(new ChildExit(9, ChildExit.Kind.SIGNALED));
  }

  @Test
  void anOutputPipeHoldsTwoReadsSoAFastWriterIsReadInLargeChunks() throws Exception {
    // 200,000 bytes do not fit Linux's default 64 KiB pipe: head could only exit after a read
    int bytes = 200_000;
    Child child = spawner.spawn(request(Path.of("/usr/bin/head"), root, "head", "-c", "" + bytes, "/dev/zero"));
    child.stdin().close();
    assertThat(child.exit().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ChildExit.exited(0));
    byte[] buf = new byte[PipeEnd.BUFFER_BYTES];
    assertThat(child.stdout().read(buf)).as("one read takes a whole buffer").isEqualTo(PipeEnd.BUFFER_BYTES);
    assertThat(PipeEnd.BUFFER_BYTES + child.stdout().readAllBytes().length).isEqualTo(bytes);
    child.stdout().close();
    child.stderr().close();
  }

  private static String drain(Child child) throws Exception {
    child.stdin().close();
    String out = new String(child.stdout().readAllBytes(), StandardCharsets.UTF_8);
    child.stderr().readAllBytes();
    child.stdout().close();
    child.stderr().close();
    return out;
  }

  private void expect(ChildSpec r, String reason, String errno) {
    assertThatThrownBy(() -> spawner.spawn(r)).isInstanceOfSatisfying(RexdException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.data()).containsEntry("errno", errno);
    });
  }

  private static ChildSpec request(Path program, Path cwd, String... argv) {
    List<String> line = argv.length == 0 ? List.of(program.toString()) : List.of(argv);
    return new ChildSpec(line, program, cwd, System.getenv(), null);
  }

  private static int openFds() throws java.io.IOException {
    try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    }
  }
}
