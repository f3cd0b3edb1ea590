package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rexd.core.recording.CastFormat;
import dev.rexd.core.recording.Recorder;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.recording.SessionRecording;
import dev.rexd.core.recording.TerminalRecording;
import dev.rexd.core.transcript.TranscriptConfig;
import dev.rexd.core.transcript.TranscriptLog;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rexd play}, {@code rexd cat} and {@code rexd transcript} on real files, {@code play} on a real terminal. */
class RecordingCommandsIT {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) throws Exception {
    Path errFile = tmp.resolve("stderr-" + System.nanoTime());
    Process p = RexdProcess.builder(List.of(args)).directory(tmp.toFile()).redirectError(errFile.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out, Files.readString(errFile));
  }

  private Path terminalRecording(CastFormat format) {
    Recorder recorder = Recorder.start(RecordingConfig.in(tmp.resolve("rec")).withFormat(format));
    try {
      TerminalRecording r = recorder.recordTerminal("sess_1", "pty_1", "demo", 60, 10, null);
      for (String chunk : List.of("\u001b[1;32mgreen\u001b[0m héllo 🙂\r\n", "progress 10%", "\rprogress 100%\r\n",
          "last line\r\n")) {
        byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
        r.output(b, 0, b.length);
      }
      r.exited(0, null);
      r.close();
      return tmp.resolve("rec").resolve(r.id() + ".cast");
    } finally {
      recorder.close();
    }
  }

  @Test
  void catPrintsPlainTextAndPlayWritesTheRecordedBytes() throws Exception {
    Path cast = terminalRecording(CastFormat.V3);
    Run cat = run("cat", cast.toString());
    assertThat(cat.code()).as(cat.err()).isZero();
    assertThat(cat.out()).isEqualTo("green héllo 🙂\nprogress 100%\nlast line\n");

    Run play = run("play", "--speed", "50", cast.toString());
    assertThat(play.code()).as(play.err()).isZero();
    assertThat(play.out()).isEqualTo("\u001b[1;32mgreen\u001b[0m héllo 🙂\r\nprogress 10%\rprogress 100%\r\nlast line\r\n");

    Run v2 = run("cat", terminalRecording(CastFormat.V2).toString());
    assertThat(v2.out()).isEqualTo(cat.out());
  }

  @Test
  void aTruncatedRecordingPlaysWhatIsValidAndNamesTheFirstBadLine() throws Exception {
    Path cast = terminalRecording(CastFormat.V3);
    byte[] all = Files.readAllBytes(cast);
    List<String> lines = Files.readAllLines(cast);
    int keep = all.length - lines.get(lines.size() - 1).length() / 2 - lines.get(lines.size() - 2).length() - 2;
    Path torn = Files.write(tmp.resolve("torn.cast"), java.util.Arrays.copyOf(all, keep));

    for (String command : List.of("cat", "play")) {
      Run r = run(command, torn.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).contains("héllo 🙂").contains("progress 100%").doesNotContain("last");
      assertThat(r.err()).contains("torn.cast: line " + (lines.size() - 1) + ": not JSON");
    }
    Run notACast = run("cat", tmp.resolve("rec").toString() + "/../nothing.cast");
    assertThat(notACast.code()).isEqualTo(2);
    assertThat(notACast.err()).contains("no such file");
  }

  @Test
  void playOnARealTerminalShowsTheScreenTheRecordingShowed() throws Exception {
    Path cast = terminalRecording(CastFormat.V3);
    String socket = "rexd-play-" + ProcessHandle.current().pid();
    String rexd = RexdProcess.script().toString();
    try {
      tmux(socket, "new-session", "-d", "-x", "60", "-y", "10",
          rexd + " play --idle-limit 0.05 '" + cast + "'; echo \"play exited $?\"; tmux wait-for -S played; sleep 60");
      tmux(socket, "wait-for", "played");
      String screen = tmux(socket, "capture-pane", "-p");
      assertThat(screen).contains("green héllo 🙂\nprogress 100%\nlast line\nplay exited 0");
      String colours = tmux(socket, "capture-pane", "-p", "-e");
      assertThat(colours).contains("\u001b[1m\u001b[32mgreen");
    } finally {
      new ProcessBuilder("tmux", "-L", socket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String tmux(String socket, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
    cmd.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      return fail("tmux is needed (apt-get install tmux; .ci/run installs it): " + e.getMessage());
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  @Test
  void transcriptPrintsCommandsForPeopleFilteredBySessionAndFailure() throws Exception {
    Path file = tmp.resolve("transcript.jsonl");
    try (TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file))) {
      var ok = log.begin("sess_a", "agent", null, "p_1", List.of("echo", "hi"), null, "/srv", List.of());
      ok.output("hi\n".getBytes(StandardCharsets.UTF_8), 0, 3);
      ok.ended(0, null, false, 3, 3, 0, false);
      var bad = log.begin("sess_a", "agent", null, "p_2", null, "make test", "/srv", List.of());
      bad.output("\u001b[31mFAIL\u001b[0m\n".getBytes(StandardCharsets.UTF_8), 0, 14);
      bad.ended(2, null, false, 1500, 14, 0, false);
      var other = log.begin("sess_b", "agent", null, "p_1", null, "sleep 9", "/srv", List.of());
      other.ended(null, "SIGTERM", true, 300, 0, 0, false);
    }
    Files.writeString(file, "{\"torn", java.nio.file.StandardOpenOption.APPEND);

    Run all = run("transcript", file.toString());
    assertThat(all.code()).isZero();
    assertThat(all.out()).contains("sess_a (agent)  p_1  [exit 0, 3 ms]\n$ echo hi\nhi\n")
        .contains("p_2  [exit 2, 1.5 s]\n$ make test\nFAIL\n")
        .contains("sess_b (agent)  p_1  [timed out, killed by SIGTERM, 300 ms]\n$ sleep 9\n");
    assertThat(all.err()).contains("the last line is torn");

    Run failed = run("transcript", "--failed", "--session", "sess_a", file.toString());
    assertThat(failed.out()).contains("$ make test").doesNotContain("$ echo hi").doesNotContain("sleep 9");
  }
}
