package dev.rexd.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that ignores signals (started by nohup, or in the background by a script) starts its
 * children with every signal at its default, on a terminal and through the portable spawner too.
 */
class InheritedSignalsTest {
  private static final Path ENV = Path.of("/usr/bin/env");
  /** SIGHUP (1), SIGUSR1 (10) and SIGTERM (15), one bit each below signal number. */
  private static final long HUP_USR1_TERM = 1L | 1L << 9 | 1L << 14;

  @TempDir Path tmp;

  @Test
  void theMaskIsReadFromTheStatusLines() {
    assertThat(InheritedSignals.ignoredMask(List.of("Name:\tjava", "SigBlk:\t0000000000000004",
        "SigIgn:\t0000000000004201", "SigCgt:\t2000000101005ccc"))).isEqualTo(HUP_USR1_TERM);
    assertThat(InheritedSignals.ignoredMask(List.of("Name:\tjava"))).isZero();
  }

  @Test
  void nothingIsPutBeforeTheCommandWhenNothingIsIgnoredOrEnvCannotReset() {
    assertThat(InheritedSignals.command(0, ENV)).isEmpty();
    assertThat(InheritedSignals.command(HUP_USR1_TERM, tmp.resolve("no-env"))).isEmpty();
  }

  @Test
  void childrenOfAServerIgnoringSignalsStartWithNone() throws Exception {
    assumeTrue(Files.isExecutable(ENV) && Files.isExecutable(Path.of("/bin/sh")), "env and sh");
    assumeTrue(!InheritedSignals.command(HUP_USR1_TERM, ENV).isEmpty(), "env --default-signal (coreutils 8.31+)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", "trap '' HUP USR1 TERM; exec \"$@\"", "sh", java,
        "-cp", System.getProperty("java.class.path"), TwoChildren.class.getName(), tmp.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    List<String> lines = out.lines().filter(l -> l.startsWith("SigIgn:")).toList();
    assertThat(lines).as(out).hasSize(3);
    assertThat(InheritedSignals.ignoredMask(lines.subList(0, 1)) & HUP_USR1_TERM).as("the server")
        .isEqualTo(HUP_USR1_TERM);
    // signals 32 and 33 are glibc's own, ignored in any child of a posix_spawn, and beyond reset
    assertThat(InheritedSignals.ignoredMask(lines.subList(1, 2)) & ~(3L << 31)).as("a program on a terminal")
        .isZero();
    assertThat(InheritedSignals.ignoredMask(lines.subList(2, 3)) & ~(3L << 31)).as("a portable spawn").isZero();
  }

  /** Prints its own ignored signals, then those of a terminal's program and of a portable spawn. */
  static final class TwoChildren {
    public static void main(String[] args) throws Exception {
      System.out.println(Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow());
      Path cwd = Path.of(args[0]);
      List<String> grep = List.of("grep", "SigIgn:", "/proc/self/status");
      Path program = Path.of("/bin/grep");
      System.out.println(ChildOutput.of(new PtySpawner().spawn(new ChildSpec(grep, program, cwd, Map.of(),
          new TerminalSize(80, 24)))).trim());
      System.out.println(ChildOutput.of(new PortableSpawner(PortableSpawner.findSetsid()).spawn(
          new ChildSpec(grep, program, cwd, Map.of(), null))).trim());
    }
  }
}
