package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal spawner on its own: the program runs with its size already set, with exactly the
 * arguments and environment asked, whatever starts it in between.
 */
class PtySpawnerTest {
  @TempDir
  Path cwd;

  @BeforeEach
  void ptyWorks() {
    assumeTrue(Spawners.terminalsPresent(), "pty4j is not on the class path");
  }

  @Test
  void theProgramSeesItsSizeFromItsFirstInstruction() throws Exception {
    // stty reads the size first thing: with the size set only after the start, as pty4j does,
    // it raced to "0 0"
    for (int i = 0; i < 20; i++) {
      TerminalSize size = new TerminalSize(70 + i, 20 + i);
      assertThat(run(Path.of("/bin/stty"), List.of("stty", "size"), Map.of(), size))
          .isEqualTo(size.rows() + " " + size.cols() + "\r\n");
    }
  }

  @Test
  void argumentsArriveExactlyWithTheResolvedProgramFirst() throws Exception {
    assertThat(run(Path.of("/bin/cat"), List.of("cat", "/proc/self/cmdline"), Map.of(), new TerminalSize(80, 24)))
        .isEqualTo("/bin/cat\0/proc/self/cmdline\0");
    assertThat(run(Path.of("/usr/bin/printf"), List.of("printf", "%s|", "a b", "c\"d", "$HOME", "'"), Map.of(),
        new TerminalSize(80, 24))).isEqualTo("a b|c\"d|$HOME|'|");
  }

  @Test
  void theEnvironmentIsExactlyTheOneAsked() throws Exception {
    TerminalSize size = new TerminalSize(80, 24);
    assertThat(run(Path.of("/usr/bin/env"), List.of("env"), Map.of("A", "1"), size)).isEqualTo("A=1\r\n");
    assertThat(run(Path.of("/usr/bin/env"), List.of("env"), Map.of("PWD", "/elsewhere"), size))
        .isEqualTo("PWD=/elsewhere\r\n");
  }

  /** Everything the program wrote on its terminal, once it has exited 0. */
  private String run(Path program, List<String> argv, Map<String, String> env, TerminalSize size)
      throws Exception {
    Child child = new PtySpawner().spawn(new ChildSpec(argv, program, cwd, env, size));
    String out = ChildOutput.of(child);
    assertThat(child.exit().join()).isEqualTo(ChildExit.jdkExitValue(0));
    return out;
  }
}
