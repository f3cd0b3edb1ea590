package dev.rexd.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings survive what kills or starves the server: {@code kill -9} and a file-size limit. */
class RecordingCrashTest {
  @TempDir Path dir;

  private Process child(String shellPrefix, String format, int lines) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String cmd = shellPrefix + "exec '" + java + "' -XX:-UsePerfData -cp '" + System.getProperty("java.class.path")
        + "' " + RecordingChild.class.getName() + " '" + dir + "' " + format + " " + lines;
    return new ProcessBuilder("bash", "-c", cmd).redirectError(dir.resolve("child.err").toFile()).start();
  }

  @Test
  void killMinus9MidRecordingLeavesAFileThatPlaysToItsLastCompleteLine() throws Exception {
    Process p = child("", "v3", -4_000);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String ready = out.readLine();
    assertThat(ready).as("child stderr: %s", childErr()).startsWith("ready ");
    p.destroyForcibly(); // SIGKILL while it writes on
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(137);

    Path file = dir.resolve(ready.substring("ready ".length()) + ".cast");
    List<String> data = new ArrayList<>();
    try (CastReader reader = new CastReader(Files.newInputStream(file))) {
      for (CastEvent e; (e = reader.next()) != null; ) {
        data.add(e.data());
      }
      if (reader.problem() != null) { // only a torn last line may be left out
        long lines = Files.lines(file).count();
        assertThat(reader.problem()).startsWith("line " + lines + ":");
      }
    }
    assertThat(data.size()).isGreaterThan(2_000);
    for (int i = 0; i < data.size(); i++) {
      assertThat(data.get(i)).isEqualTo("line " + i + " ✓\r\n");
    }
  }

  @Test
  void aFullDiskIsLoggedOnceAndTheRecordedProgramGoesOn() throws Exception {
    Process p = child("ulimit -f 16; ", "v3", 4_000); // 16 KiB files: writes past it fail with EFBIG
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(stdout).as("child stderr: %s", childErr()).contains("done");
    assertThat(p.exitValue()).isZero();
    String err = childErr();
    assertThat(err.split("stopped \\(", -1)).as(err).hasSize(2);

    String id = stdout.lines().filter(l -> l.startsWith("ready ")).findFirst().orElseThrow().substring(6);
    Path file = dir.resolve(id + ".cast");
    assertThat(Files.size(file)).isLessThanOrEqualTo(16 * 1024);
    List<CastEvent> events = CastFormatTest.readAll(file); // complete lines only, none torn
    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1).data()).isEqualTo("line " + (events.size() - 1) + " ✓\r\n");
  }

  private String childErr() throws IOException {
    Path err = dir.resolve("child.err");
    return Files.exists(err) ? Files.readString(err) : "";
  }
}
