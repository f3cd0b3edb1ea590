package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.api.fs.FsEditParams;
import dev.rexd.api.fs.FsEntry;
import dev.rexd.api.fs.FsGlobParams;
import dev.rexd.api.fs.FsListParams;
import dev.rexd.api.fs.FsPatchParams;
import dev.rexd.api.fs.FsReadParams;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsWriteParams;
import dev.rexd.api.fs.WriteMode;
import dev.rexd.core.fd.Mechanisms;
import dev.rexd.core.fd.SwapRacer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A racer exchanges {@code root/d} (a directory) with {@code root/d_swap} (a symlink to a
 * directory outside holding files of the same names) as fast as it can, while every file method
 * works on paths below {@code d} (2,000 calls, or what 30 seconds allow on a loaded machine):
 * nothing outside is read, written, created or left behind.
 */
class FsSwapRaceTest extends FsTestSupport {
  private static final String[] NAMES = {"secret.txt", "w.txt", "na.txt", "app.txt", "e.txt", "p.txt"};

  enum Op { READ, REPLACE, CREATE, APPEND, IN_PLACE, LIST, GLOB, STAT, EDIT, PATCH }

  private Path shm;

  @AfterEach
  void resetMechanism() throws IOException {
    Mechanisms.reset();
    if (shm != null) {
      try (Stream<Path> all = Files.walk(shm)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Root and outside on a RAM file system where there is one: fsync is then free and the race runs more rounds. */
  private void onRamDisk() throws IOException {
    Path ram = Path.of("/dev/shm");
    if (Files.isDirectory(ram) && Files.isWritable(ram)) {
      shm = Files.createTempDirectory(ram, "rexd-race-").toRealPath();
      root = Files.createDirectory(shm.resolve("root"));
      outside = Files.createDirectory(shm.resolve("outside"));
      session = sessionWith(dev.rexd.core.Limits.defaults());
    }
  }

  static List<String> mechanisms() {
    return Mechanisms.available();
  }

  @ParameterizedTest
  @MethodSource("mechanisms")
  void noFileMethodReachesOutsideWhileASymlinkIsSwappedIn(String mechanism) throws Exception {
    Mechanisms.use(mechanism);
    onRamDisk();
    Path d = Files.createDirectory(root.resolve("d"));
    for (String name : NAMES) {
      Files.writeString(d.resolve(name), "inside v0\n");
      Files.writeString(outside.resolve(name), "OUTSIDE original content\n");
    }
    Files.writeString(outside.resolve("only-outside.txt"), "OUTSIDE\n");
    Files.createSymbolicLink(root.resolve("d_swap"), outside);
    Map<String, String> outsideBefore = snapshot(outside);

    Map<Op, Integer> succeeded = new EnumMap<>(Op.class);
    int ops = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (SwapRacer racer = new SwapRacer(d, root.resolve("d_swap"), Duration.ofSeconds(40))) {
      for (; ops < 2_000 && System.nanoTime() < deadline; ops++) {
        Op op = Op.values()[ops % Op.values().length];
        try {
          run(op, ops);
          succeeded.merge(op, 1, Integer::sum);
        } catch (RexdException e) {
          assertThat(e.code()).as("%s: %s", op, e.getMessage()).isNotEqualTo(ErrorCode.INTERNAL_ERROR);
        }
      }
      assertThat(racer.swaps()).isPositive();
    }

    assertThat(snapshot(outside)).as("the outside directory after %d operations", ops).isEqualTo(outsideBefore);
    assertThat(ops).isGreaterThan(1000);
    assertThat(succeeded.keySet()).as("every method got through at times: %s", succeeded).containsAll(List.of(Op.values()));
  }

  private void run(Op op, int i) throws IOException {
    switch (op) {
      case READ -> assertThat(fs.read(session, new FsReadParams(SID, "d/secret.txt", null, null, null)).content())
          .isEqualTo("inside v0\n");
      case REPLACE -> fs.write(session, FsWriteParams.replace(SID, "d/w.txt", "inside " + i + "\n"));
      case CREATE -> fs.write(session, new FsWriteParams(SID, "d/new-" + i + ".txt", "new\n", null, WriteMode.CREATE,
          null, null, null));
      case APPEND -> fs.write(session, new FsWriteParams(SID, "d/app.txt", "more\n", null, WriteMode.APPEND,
          null, null, null));
      case IN_PLACE -> fs.write(session, new FsWriteParams(SID, "d/na.txt", "in place " + i + "\n", null, null,
          null, false, null));
      case LIST -> assertThat(fs.list(session, new FsListParams(SID, "d", true, null)).entries())
          .extracting(FsEntry::name).doesNotContain("only-outside.txt");
      case GLOB -> assertThat(fs.glob(session, new FsGlobParams(SID, "d/**", null, null)).matches())
          .noneMatch(m -> m.contains("only-outside") || !m.startsWith(root.toString()));
      case STAT -> assertThat(fs.stat(session, new FsStatParams(SID, "d/secret.txt")).size())
          .isEqualTo("inside v0\n".length());
      case EDIT -> fs.edit(session, new FsEditParams(SID, "d/e.txt", "", "edited " + i + "\n", null, null));
      case PATCH -> fs.patch(session, new FsPatchParams(SID, "*** Begin Patch\n*** Add File: d/patched-" + i
          + ".txt\n+added\n*** Update File: d/p.txt\n@@\n-" + Files.readString(root.resolve("d/p.txt")).strip()
          + "\n+inside " + i + "\n*** End Patch", null));
    }
  }

  /** Every file below {@code dir} (not following links) with its content; temporary files included. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        files.put(dir.relativize(p).toString(), Files.isRegularFile(p) ? Files.readString(p) : "<dir>");
      }
    }
    return files;
  }
}
