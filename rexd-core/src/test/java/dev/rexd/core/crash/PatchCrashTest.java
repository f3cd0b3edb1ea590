package dev.rexd.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kill -9} of a server while it renames the files of a 40-file patch into place, then a new
 * server on the same state directory: every file is old or every file is new, and the next write
 * into the directory leaves no temporary file behind.
 */
class PatchCrashTest {
  /** Enough files that a kill right after the first rename lands before the last one. */
  private static final List<String> FILES = IntStream.range(0, 40).mapToObj(i -> String.format("f%02d.txt", i)).toList();
  private static final int ROUNDS = 2;
  private static final String BODY = "line of a file\n".repeat(4_000); // 60 kB

  @TempDir Path tmp;

  @Test
  void aPatchKilledBetweenItsRenamesIsCompletedByTheNextServer() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root")).toRealPath();
    Path state = tmp.resolve("state");
    StringBuilder patch = new StringBuilder("*** Begin Patch\n");
    for (String f : FILES) {
      patch.append("*** Update File: ").append(f).append("\n@@\n-old header\n+new header\n");
    }
    patch.append("*** End Patch");

    int caughtBetweenRenames = 0;
    for (int round = 0; round < ROUNDS; round++) {
      for (String f : FILES) {
        Files.writeString(root.resolve(f), "old header\n" + BODY);
      }
      int newBeforeRecovery = killWhileRenaming(root, state, patch.toString());
      if (newBeforeRecovery > 0 && newBeforeRecovery < FILES.size()) {
        caughtBetweenRenames++;
      }
      try (RexdServer next = RexdServer.builder().allowedRoot(root).stateDir(state).build()) {
        assertThat(newCount(root)).as("round %d: %d of %d were new at the kill", round, newBeforeRecovery,
            FILES.size())
            .isIn(0, FILES.size());
        String sid = PatchingServer.call(next, "session.open", Map.of("client_name", "t")).get("result")
            .get("session_id").asString();
        assertThat(PatchingServer.call(next, "fs.write", Map.of("session_id", sid, "path", "after.txt",
            "content", "x")).has("result")).isTrue();
      }
      assertThat(tempFiles(root)).as("temporary files after the next write").isEmpty();
      try (Stream<Path> journals = Files.list(state)) {
        assertThat(journals.toList()).as("journals left").isEmpty();
      }
    }
    assertThat(caughtBetweenRenames).as("rounds killed between the first and the last rename").isPositive();
  }

  /** Starts a server, has it apply the patch, kills it the moment the first file was renamed; new files then. */
  private static int killWhileRenaming(Path root, Path state, String patch) throws Exception {
    Process server = new ProcessBuilder(PatchingServer.command(root, state, patch))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");
      Object before = Files.getAttribute(root.resolve(FILES.get(0)), "unix:ino");
      server.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
      server.getOutputStream().flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Files.getAttribute(root.resolve(FILES.get(0)), "unix:ino").equals(before)) {
        assertThat(System.nanoTime()).as("the first rename within 60 s").isLessThan(deadline);
        assertThat(server.isAlive()).isTrue();
      }
      server.destroyForcibly(); // SIGKILL
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return newCount(root);
    } finally {
      server.destroyForcibly();
    }
  }

  private static int newCount(Path root) throws IOException {
    int n = 0;
    for (String f : FILES) {
      try (BufferedReader r = Files.newBufferedReader(root.resolve(f))) {
        if (r.readLine().equals("new header")) {
          n++;
        }
      }
    }
    return n;
  }

  private static List<Path> tempFiles(Path root) throws IOException {
    List<Path> temps = new ArrayList<>();
    try (Stream<Path> all = Files.list(root)) {
      all.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(temps::add);
    }
    return temps;
  }
}
