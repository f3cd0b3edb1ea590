package dev.rexd.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.RexdException;
import dev.rexd.core.fd.SwapRacer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cwd whose directory is swapped with a symlink to outside the roots while commands start there:
 * every command runs in the directory that was checked, or is refused; none runs outside.
 */
class ExecCwdRaceTest extends OnEverySpawnPath {
  private static final int STARTS = 300;
  private static final long MAX_NANOS = Duration.ofSeconds(8).toNanos();

  @TempDir
  Path outsideParent;

  @Test
  void aSymlinkSwappedIntoTheCwdNeverMovesAChildOutside() throws Exception {
    Path inside = Files.createDirectory(root.resolve("d"));
    Files.writeString(inside.resolve("marker"), "inside\n");
    Path outside = Files.createDirectory(outsideParent.resolve("outside"));
    Files.writeString(outside.resolve("marker"), "OUTSIDE\n");
    Path link = Files.createSymbolicLink(root.resolve("d_swap"), outside);

    int ran = 0;
    int refused = 0;
    long deadline = System.nanoTime() + MAX_NANOS;
    try (SwapRacer racer = new SwapRacer(inside, link, Duration.ofSeconds(10))) {
      for (int i = 0; i < STARTS && System.nanoTime() < deadline && racer.running(); i++) {
        String id;
        try {
          id = fx.start(s, Start.argv(s.id(), "cat", "marker").cwd("d"));
        } catch (RexdException e) {
          refused++;
          continue;
        }
        ExecFixture.Run run = fx.collect(s, id);
        assertThat(run.out()).as("start " + i).doesNotContain("OUTSIDE");
        ran++;
      }
    }
    assertThat(ran + refused).isPositive();
  }
}
