package dev.rexd.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.core.fd.Mechanisms;
import dev.rexd.core.fd.SwapRacer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OpenDirectoryTest {
  @TempDir Path tmp;
  Path root;
  Path outside;
  RootPolicy policy;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("d/inside.txt"), "in");
    Files.writeString(outside.resolve("outside.txt"), "out");
    Files.createSymbolicLink(root.resolve("d_swap"), outside);
    policy = RootPolicy.of(List.of(root));
  }

  @AfterEach
  void resetMechanism() {
    Mechanisms.reset();
  }

  static List<String> mechanisms() {
    return Mechanisms.available();
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void holdsTheCheckedDirectoryAndReportsItsPath(String mechanism) throws IOException {
    Mechanisms.use(mechanism);
    Files.createSymbolicLink(root.resolve("link"), root.resolve("d"));
    try (OpenDirectory cwd = policy.openDirectory(null, root);
         OpenDirectory d = policy.openDirectory("link", root)) {
      assertThat(cwd.path()).isEqualTo(root);
      assertThat(d.path()).isEqualTo(root.resolve("d"));
      assertThat(d.fd()).isNotNegative();
      assertThat(Files.readString(d.procPath().resolve("inside.txt"))).isEqualTo("in");
      Files.move(root.resolve("d"), root.resolve("moved"));
      assertThat(Files.readString(d.procPath().resolve("inside.txt"))).as("the descriptor follows the directory")
          .isEqualTo("in");
    }
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void refusesEscapesMissingDirectoriesFilesAndLongNames(String mechanism) throws IOException {
    Mechanisms.use(mechanism);
    Files.writeString(root.resolve("file.txt"), "x");
    assertThat(error(() -> policy.openDirectory("d_swap", root)).code()).isEqualTo(ErrorCode.FORBIDDEN_PATH);
    assertThat(error(() -> policy.openDirectory("../outside", root)).data())
        .containsEntry("path", "../outside").containsEntry("allowed_roots", List.of(root.toString()));
    assertThat(error(() -> policy.openDirectory("nope", root)).reason()).isEqualTo("not_found");
    assertThat(error(() -> policy.openDirectory("file.txt", root)).reason()).isEqualTo("not_a_directory");
    assertThat(error(() -> policy.openDirectory("x".repeat(256), root)).reason()).isEqualTo("name_too_long");
  }

  @Test
  void theDescriptorIsClosedOnClose() throws IOException {
    OpenDirectory d = policy.openDirectory("d", root);
    Path proc = d.procPath();
    d.close();
    assertThat(Files.exists(proc.resolve("inside.txt"))).isFalse();
  }

  /**
   * A racer exchanges {@code root/d} (a directory) with {@code root/d_swap} (a symlink to a
   * directory outside) while handles to {@code d} are opened (3,000, or what 30 seconds allow on a
   * loaded machine): every handle that opens is the inside directory, and a child started in it
   * through {@code procPath()} runs inside.
   */
  @ParameterizedTest
  @MethodSource("mechanisms")
  void aSymlinkSwappedInNeverYieldsAHandleOutside(String mechanism) throws Exception {
    Mechanisms.use(mechanism);
    Object insideKey = Files.readAttributes(root.resolve("d"), "unix:ino").get("ino");
    int opened = 0;
    int refused = 0;
    int children = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (SwapRacer racer = new SwapRacer(root.resolve("d"), root.resolve("d_swap"), Duration.ofSeconds(40))) {
      for (int i = 0; i < 3_000 && System.nanoTime() < deadline; i++) {
        try (OpenDirectory d = policy.openDirectory("d", root)) {
          opened++;
          assertThat(Files.readAttributes(d.procPath(), "unix:ino").get("ino")).isEqualTo(insideKey);
          assertThat(Files.exists(d.procPath().resolve("outside.txt"))).isFalse();
          if (i % 100 == 0) {
            children++;
            assertThat(pwdIn(d.procPath())).startsWith(root.toString() + "/d");
          }
        } catch (RexdException e) {
          assertThat(e.code()).isIn(ErrorCode.FORBIDDEN_PATH, ErrorCode.CONCURRENCY_CONFLICT);
          refused++;
        }
      }
      assertThat(racer.swaps()).isPositive();
    }
    assertThat(opened).as("handles opened while racing").isPositive();
    assertThat(opened + refused).isGreaterThan(1000);
    assertThat(children).isPositive();
  }

  private static String pwdIn(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/bin/pwd", "-P").directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  private static RexdException error(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    RexdException e = catchThrowableOfType(RexdException.class, call);
    assertThat(e).isNotNull();
    return e;
  }
}
