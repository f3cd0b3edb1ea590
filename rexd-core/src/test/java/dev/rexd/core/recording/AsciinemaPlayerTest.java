package dev.rexd.core.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code asciinema} (2.x, asciicast v2) reads what the v2 writer writes. It insists on a
 * terminal, so it runs under {@code script} (util-linux), which gives it one.
 */
class AsciinemaPlayerTest {
  @TempDir Path dir;

  @Test
  void asciinemaCatsAndPlaysAV2Recording() throws Exception {
    Recorder recorder = Recorder.start(RecordingConfig.in(dir).withFormat(CastFormat.V2));
    SessionRecording r;
    try {
      r = recorder.recordSession("sess_1", "agent", null);
      r.commandStarted("p_1", "echo héllo; ls --color");
      byte[] out = "héllo 🙂\n\u001b[01;34mdir\u001b[0m  file.txt\n".getBytes(StandardCharsets.UTF_8);
      r.output("p_1", false, out, 0, out.length);
      r.marker("approved by alice");
      r.commandEnded("p_1", 0, null, false, 42);
      r.close();
    } finally {
      recorder.close();
    }
    Path file = dir.resolve(r.id() + ".cast");
    String expected = CastFormatTest.readAll(file).stream().filter(e -> e.code().equals("o"))
        .map(CastEvent::data).collect(Collectors.joining());

    assertThat(onTerminal("asciinema cat '" + file + "'")).isEqualTo(expected);
    assertThat(onTerminal("asciinema play --idle-time-limit 0.01 '" + file + "'")).isEqualTo(expected);
  }

  private String onTerminal(String commandLine) throws IOException, InterruptedException {
    if (!onPath("asciinema") || !onPath("script")) {
      fail("asciinema and script are needed (apt-get install asciinema util-linux; .ci/run installs them)");
    }
    Process p = new ProcessBuilder("script", "-qec", commandLine, "/dev/null").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectError(dir.resolve("err.txt").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(commandLine + ": " + Files.readString(dir.resolve("err.txt"))).isZero();
    return out;
  }

  private static boolean onPath(String program) {
    return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }
}
