package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rexd.core.recording.CastFormat;
import dev.rexd.core.recording.Recorder;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.recording.SessionRecording;
import dev.rexd.core.recording.TerminalRecording;
import dev.rexd.core.testing.DirectoryEvents;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.core.transcript.TranscriptConfig;
import dev.rexd.core.transcript.TranscriptLog;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rexd play}, {@code rexd cat} and {@code rexd transcript} on real files, {@code play} on a real terminal. */
class RecordingCommandsIT {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    Path errFile = tmp.resolve("stderr-" + System.nanoTime());
    ProcessBuilder pb = RexdProcess.builder(List.of(args)).directory(tmp.toFile()).redirectError(errFile.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    Process p = pb.start();
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

  /**
   * A recording made by a real {@code rexd --http} server plays and prints from the URL
   * of its {@code /recordings/{id}.cast} (with the token from {@code REXD_AUTH_TOKEN}) and by
   * its id from a target ({@code --target}).
   */
  @Test
  void playAndCatFetchARecordingByUrlAndByIdFromATarget() throws Exception {
    ClientCli cli = new ClientCli(Files.createDirectories(tmp.resolve("remote")));
    Path recordings = cli.dir.resolve("recordings");
    Path config = Files.writeString(cli.dir.resolve("http.toml"), "[server]\nauth_token = \"rec-token\"\n"
        + "[[security.allowed_roots]]\npath = '" + cli.root + "'\n"
        + "[recording]\nenabled = true\ndir = '" + recordings + "'\n");
    HttpServerProcess rexd = HttpServerProcess.start(cli.dir, "--config", config.toString());
    try {
      cli.addTarget("web", "{\"transport\": \"http\", \"url\": \"" + rexd.uri("http", "/rpc")
          + "\", \"token\": \"rec-token\"}");
      ClientCli.Result exec = cli.run("", "exec", "--target", "web", "--", "printf", "\\033[1;32mremote\\033[0m héllo\\n");
      assertThat(exec.code()).as(exec.err()).isZero();
      List<Path> casts;
      try (var files = Files.list(recordings)) {
        casts = files.filter(f -> f.getFileName().toString().endsWith(".cast")).toList();
      }
      assertThat(casts).hasSize(1);
      String id = casts.get(0).getFileName().toString().replace(".cast", "");
      String url = rexd.uri("http", "/recordings/" + id + ".cast").toString();

      Run byUrl = run(Map.of("REXD_AUTH_TOKEN", "rec-token"), "cat", url);
      assertThat(byUrl.code()).as(byUrl.err()).isZero();
      assertThat(byUrl.out()).contains("$ printf").contains("\nremote héllo\n[exit 0, ");
      Run played = run(Map.of("REXD_AUTH_TOKEN", "rec-token"), "play", "--speed", "50", url);
      assertThat(played.code()).as(played.err()).isZero();
      assertThat(played.out()).contains("\u001b[1;32mremote\u001b[0m héllo\r\n");
      Run noToken = run(Map.of("REXD_AUTH_TOKEN", ""), "cat", url);
      assertThat(noToken.code()).isEqualTo(2);
      assertThat(noToken.err()).contains("HTTP 401 (set REXD_AUTH_TOKEN)");

      ClientCli.Result byId = cli.run("", "cat", "--target", "web", id);
      assertThat(byId.code()).as(byId.err()).isZero();
      assertThat(byId.out()).isEqualTo(byUrl.out());
      ClientCli.Result playedById = cli.run("", "play", "--target", "web", "--idle-limit", "0.01", id);
      assertThat(playedById.code()).as(playedById.err()).isZero();
      assertThat(playedById.out()).isEqualTo(played.out());
      ClientCli.Result unknown = cli.run("", "play", "--target", "web", "rec_000000000000000000000000");
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.err()).contains("recording rec_000000000000000000000000 on web: ")
          .contains("no such recording").doesNotContain("\tat ");
    } finally {
      rexd.stop();
    }
  }

  /**
   * A {@code kill -9} of a real server while a terminal writes numbered lines leaves a recording
   * that {@code rexd cat} prints in order up to its last complete line.
   */
  @Test
  void aServerKilledWithKill9LeavesARecordingThatPlaysToItsLastCompleteLine() throws Exception {
    Path recordings = tmp.resolve("crash");
    Path config = Files.writeString(tmp.resolve("crash.toml"), "[[security.allowed_roots]]\npath = '" + tmp
        + "'\n[recording]\nenabled = true\ndir = '" + recordings + "'\n");
    Process server = RexdProcess.builder(List.of("--stdio", "--config", config.toString())).directory(tmp.toFile())
        .redirectError(tmp.resolve("crash.err").toFile()).start();
    List<Path> casts = new ArrayList<>();
    try (WirePeer peer = new WirePeer(StdioTransports.attach(server.getInputStream(), server.getOutputStream()))) {
      String sid = peer.openSession();
      peer.result("pty.open", Map.of("session_id", sid, "argv", List.of("sh", "-c",
          "i=0; while [ $i -lt 1000000 ]; do echo \"line $i\"; i=$((i+1)); done"), "cols", 80, "rows", 24));
      DirectoryEvents.await(recordings, Duration.ofSeconds(60), "the writer well into the recording", () -> {
        try (var files = Files.list(recordings)) {
          casts.clear();
          files.filter(f -> f.toString().endsWith(".cast")).forEach(casts::add);
        }
        return casts.size() == 1 && Files.size(casts.get(0)) > 64 * 1024;
      });
      server.destroyForcibly(); // SIGKILL to the JVM (bin/rexd execs it) while it records
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(server.exitValue()).isEqualTo(137);
    }

    Path cast = casts.get(0);
    long fileLines = Files.readAllLines(cast).size();
    Run cat = run("cat", cast.toString());
    if (cat.code() != 0) { // only a torn last line may be left out
      assertThat(cat.code()).isEqualTo(1);
      assertThat(cat.err()).contains(": line " + fileLines + ": ");
    }
    List<String> shown = cat.out().lines().toList();
    assertThat(shown.size()).isGreaterThan(1_000);
    for (int i = 0; i < shown.size() - 1; i++) {
      assertThat(shown.get(i)).isEqualTo("line " + i);
    }
    assertThat("line " + (shown.size() - 1)).startsWith(shown.get(shown.size() - 1)); // the last event may end mid-line
  }

  @Test
  void aServerWhoseRecordingDirCannotBeWrittenRefusesToStartNamingIt() throws Exception {
    Path notADir = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Path config = Files.writeString(tmp.resolve("unwritable.toml"), "[[security.allowed_roots]]\npath = '" + tmp
        + "'\n[recording]\nenabled = true\ndir = '" + notADir.resolve("recordings") + "'\n");
    Run r = run("--stdio", "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("rexd: config: [recording] dir " + notADir.resolve("recordings") + " cannot be written: ")
        .doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  /** {@code --follow} prints commands as they end, and reads on in the new file after a rotation. */
  @Test
  void transcriptFollowPrintsNewCommandsAcrossARotation() throws Exception {
    try (Follower follower = Follower.start(tmp.resolve("followed.jsonl"))) {
      follower.transcribe("p_2", "second");
      follower.await("$ echo second");
      for (int i = 3; i <= 5; i++) { // 700 bytes hold two lines: the 3rd and the 5th rotate the file
        follower.transcribe("p_" + i, "rotated-" + i);
        follower.await("$ echo rotated-" + i);
      }
      try (var files = Files.list(tmp)) {
        assertThat(files.filter(f -> f.getFileName().toString().startsWith("followed.jsonl.")).count()).isEqualTo(2);
      }
    }
  }

  /**
   * Rotated several times between two of {@code --follow}'s looks (it looks every 250 ms), the
   * transcript's files are all read, in order: none in between is skipped.
   */
  @Test
  void transcriptFollowReadsEveryFileOfABurstOfRotations() throws Exception {
    Path file = tmp.resolve("burst.jsonl");
    try (Follower follower = Follower.start(file)) {
      for (int i = 2; i <= 9; i++) { // within a millisecond or two: four rotations
        follower.transcribe("p_" + i, "burst-" + i);
      }
      for (int i = 2; i <= 9; i++) {
        follower.await("$ echo burst-" + i);
      }
      assertThat(TranscriptLog.rotatedFiles(file)).hasSizeGreaterThanOrEqualTo(4);
    }
  }

  /**
   * A transcript of at most 700 bytes per file (two commands) and {@code rexd transcript --follow}
   * running on it, its output lines queued as they come.
   */
  private static final class Follower implements AutoCloseable {
    private final TranscriptLog log;
    private final Process process;
    private final Thread pump;
    private final Path errFile;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Follower(TranscriptLog log, Process process, Path errFile) {
      this.log = log;
      this.process = process;
      this.errFile = errFile;
      this.pump = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (java.io.IOException e) {
          lines.add("read failed: " + e);
        }
      });
      pump.setDaemon(true);
      pump.start();
    }

    /** Writes a first command ("first") to {@code file}, follows it, and waits until it is printed. */
    static Follower start(Path file) throws Exception {
      TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file).withMaxFileBytes(700));
      RecordingCommandsIT.transcribe(log, "p_1", "first");
      Path dir = file.getParent();
      Path errFile = dir.resolve(file.getFileName() + "-follow.err");
      Process p = RexdProcess.builder(List.of("transcript", "--follow", file.toString())).directory(dir.toFile())
          .redirectError(errFile.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      Follower follower = new Follower(log, p, errFile);
      try {
        follower.await("$ echo first");
        return follower;
      } catch (Exception | AssertionError e) {
        follower.close();
        throw e;
      }
    }

    /** Writes a command that printed {@code word} to the transcript. */
    void transcribe(String processId, String word) {
      RecordingCommandsIT.transcribe(log, processId, word);
    }

    /** Waits (30 s at most) for {@code expected}, passing over other lines. */
    void await(String expected) throws Exception {
      for (String line; (line = lines.poll(30, TimeUnit.SECONDS)) != null; ) {
        if (line.equals(expected)) {
          return;
        }
      }
      fail("no line '" + expected + "' within 30 s; stderr: " + Files.readString(errFile));
    }

    @Override
    public void close() throws Exception {
      try (log) {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        pump.join(10_000);
      }
    }
  }

  private static void transcribe(TranscriptLog log, String processId, String word) {
    var t = log.begin("sess_f", "agent", null, processId, List.of("echo", word), null, "/srv", List.of());
    byte[] out = (word + "\n").getBytes(StandardCharsets.UTF_8);
    t.output(out, 0, out.length);
    t.ended(0, null, false, 1, out.length, 0, false);
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
