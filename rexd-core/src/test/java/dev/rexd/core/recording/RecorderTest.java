package dev.rexd.core.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.Encoding;
import dev.rexd.api.RexdException;
import dev.rexd.api.recording.RecordingGetResult;
import dev.rexd.api.recording.RecordingInfo;
import dev.rexd.core.testing.DirectoryEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {
  @TempDir Path dir;
  private Recorder recorder;

  @AfterEach
  void close() {
    if (recorder != null) {
      recorder.close();
    }
  }

  private Recorder start(RecordingConfig config) {
    recorder = Recorder.start(config);
    return recorder;
  }

  /** Closes the recording and returns its events once the writer has closed the file. */
  private List<CastEvent> finish(Recording r) throws IOException {
    r.close();
    recorder.close(); // drains the queue
    return CastFormatTest.readAll(dir.resolve(r.id() + ".cast"));
  }

  private static String output(List<CastEvent> events) {
    return events.stream().filter(e -> e.code().equals(CastEvent.OUTPUT)).map(CastEvent::data)
        .collect(Collectors.joining());
  }

  @Test
  void terminalOutputRoundTripsByteForByteWithCharactersSplitAcrossChunks() throws IOException {
    start(RecordingConfig.in(dir));
    TerminalRecording r = recorder.recordTerminal("sess_1", "pty_1", "bash", 80, 24, null);
    String text = "plain \u001b[1;32mgreen\u001b[0m é ü 中文 🙂 \r\nprogress 10%\rprogress 100%\r\n";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += 3) { // 3-byte chunks cut most multi-byte characters
      r.output(bytes, i, Math.min(3, bytes.length - i));
    }
    r.exited(0, null);
    List<CastEvent> events = finish(r);
    assertThat(output(events).getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
    assertThat(events.get(events.size() - 1)).extracting(CastEvent::code, CastEvent::data).containsExactly("x", "0");
  }

  @Test
  void invalidUtf8IsRecordedAsReplacementCharacters() throws IOException {
    start(RecordingConfig.in(dir));
    TerminalRecording r = recorder.recordTerminal("sess_1", "pty_1", "t", 80, 24, null);
    r.output(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xC3}, 0, 4); // bad byte, then a cut character
    r.output(new byte[] {'c'}, 0, 1);
    r.output(new byte[] {(byte) 0xE2, (byte) 0x82}, 0, 2);             // cut at the end of the stream
    assertThat(output(finish(r))).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
  }

  @Test
  void sessionFileShowsEachCommandAsAShellWould() throws IOException {
    start(RecordingConfig.in(dir));
    SessionRecording r = recorder.recordSession("sess_1", "agent", null);
    r.commandStarted("p_1", "printf 'a\\nb'");
    r.output("p_1", false, "a\nb".getBytes(StandardCharsets.UTF_8), 0, 3);
    r.commandEnded("p_1", 0, null, false, 12);
    r.commandStarted("p_2", "sleep 300");
    r.output("p_2", true, "oops\n".getBytes(StandardCharsets.UTF_8), 0, 5);
    r.commandEnded("p_2", null, "TERM", true, 30_000);
    r.marker("approved by alice");
    assertThat(output(finish(r))).isEqualTo(
        "\u001b[1m$\u001b[0m printf 'a\\nb'\r\na\r\nb\r\n\u001b[2m[exit 0, 12 ms]\u001b[0m\r\n"
            + "\u001b[1m$\u001b[0m sleep 300\r\noops\r\n\u001b[2m[timed out, killed by TERM, 30.0 s]\u001b[0m\r\n");
    List<String> lines = Files.readAllLines(dir.resolve(r.id() + ".cast"));
    assertThat(lines.get(lines.size() - 1)).endsWith("\"m\", \"approved by alice\"]");
  }

  @Test
  void inputIsRecordedOnlyWithRecordInput() throws IOException {
    start(RecordingConfig.in(dir));
    TerminalRecording quiet = recorder.recordTerminal("sess_1", "pty_1", "t", 80, 24, null);
    quiet.input("secret\r".getBytes(StandardCharsets.UTF_8), 0, 7);
    quiet.resized(100, 40);
    assertThat(finish(quiet)).extracting(CastEvent::code).containsExactly("r");

    start(RecordingConfig.in(dir).withRecordInput(true));
    TerminalRecording typed = recorder.recordTerminal("sess_1", "pty_2", "t", 80, 24, null);
    typed.input("ls\r".getBytes(StandardCharsets.UTF_8), 0, 3);
    assertThat(finish(typed)).extracting(CastEvent::code, CastEvent::data)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("i", "ls\r"));
  }

  @Test
  void listAndGetServeTheCatalogAndUnknownIdsAreNotFound() throws IOException {
    start(RecordingConfig.in(dir));
    SessionRecording s1 = recorder.recordSession("sess_1", "agent", null);
    TerminalRecording t1 = recorder.recordTerminal("sess_1", "pty_1", "bash", 80, 24, null);
    SessionRecording s2 = recorder.recordSession("sess_2", "other", "bob");
    s1.commandStarted("p_1", "true");
    s1.close();

    List<RecordingInfo> all = recorder.list(null, owner -> true);
    assertThat(all).extracting(RecordingInfo::recordingId).containsExactly(s1.id(), t1.id(), s2.id());
    assertThat(all.get(1).kind()).isEqualTo("pty");
    assertThat(all.get(1).ptyId()).isEqualTo("pty_1");
    assertThat(recorder.list("sess_2", owner -> true)).extracting(RecordingInfo::recordingId).containsExactly(s2.id());
    assertThat(recorder.list(null, owner -> "bob".equals(owner))).hasSize(1);
    assertThat(s1.id()).matches("rec_[0-9a-f]{24}").isNotEqualTo(s2.id());

    recorder.close();
    byte[] file = Files.readAllBytes(dir.resolve(s1.id() + ".cast"));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    for (long offset = 0; ; ) {
      RecordingGetResult slice = recorder.read(s1.id(), offset, 50L);
      byte[] bytes = slice.encoding().decode(slice.content());
      got.write(bytes);
      offset += bytes.length;
      if (slice.eof()) {
        break;
      }
      assertThat(offset).isLessThan(file.length);
    }
    assertThat(got.toByteArray()).isEqualTo(file);
    assertThat(recorder.list(null, owner -> true).get(0).endedAt()).isNotNull();
    assertThat(recorder.list(null, owner -> true).get(0).bytes()).isEqualTo(file.length);

    assertThatThrownBy(() -> recorder.read("rec_000000000000000000000000", 0, null))
        .isInstanceOfSatisfying(RexdException.class, e -> {
          assertThat(e.code().code()).isEqualTo(-32602);
          assertThat(e.reason()).isEqualTo("not_found");
        });
  }

  @Test
  void aSliceCuttingACharacterComesAsBase64() throws IOException {
    start(RecordingConfig.in(dir));
    SessionRecording r = recorder.recordSession("sess_1", "agent", null);
    r.commandStarted("p_1", "é".repeat(200));
    r.close();
    recorder.close();
    byte[] file = Files.readAllBytes(dir.resolve(r.id() + ".cast"));
    int at = 0;
    while (file[at] != (byte) 0xC3) {
      at++;
    }
    RecordingGetResult cut = recorder.read(r.id(), at + 1, 10L);
    assertThat(cut.encoding()).isEqualTo(Encoding.BASE64);
    assertThat(cut.encoding().decode(cut.content())).isEqualTo(java.util.Arrays.copyOfRange(file, at + 1, at + 11));
  }

  @Test
  void recordingsOfAnEarlierRunAreListedAgain() {
    start(RecordingConfig.in(dir));
    SessionRecording r = recorder.recordSession("sess_9", "agent", "alice");
    r.close();
    recorder.close();

    start(RecordingConfig.in(dir));
    assertThat(recorder.list(null, owner -> true)).singleElement().satisfies(info -> {
      assertThat(info.recordingId()).isEqualTo(r.id());
      assertThat(info.sessionId()).isEqualTo("sess_9");
      assertThat(info.endedAt()).isNotNull();
    });
    assertThat(recorder.principalOf(r.id())).isEqualTo("alice");
  }

  @Test
  void aDirectoryThatCannotBeWrittenFailsTheStartNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> Recorder.start(RecordingConfig.in(file.resolve("recordings"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("[recording] dir " + file.resolve("recordings") + " cannot be written");
  }

  @Test
  void retentionDeletesOldestFirstAndNeverALiveRecording() throws IOException {
    start(RecordingConfig.in(dir));
    SessionRecording a = recorder.recordSession("sess_1", "a", null);
    TerminalRecording live = recorder.recordTerminal("sess_0", "pty_1", "live", 80, 24, null);
    SessionRecording b = recorder.recordSession("sess_2", "b", null);
    SessionRecording c = recorder.recordSession("sess_3", "c", null);
    for (SessionRecording r : List.of(a, b, c)) {
      r.commandStarted("p_1", "x".repeat(1000));
      r.close();
    }
    live.output(new byte[4000], 0, 4000);
    recorder.flush();
    long liveBytes = Files.size(dir.resolve(live.id() + ".cast"));
    long oneBytes = Files.size(dir.resolve(c.id() + ".cast"));

    // room for the live recording and one and a half finished ones: the two oldest finished ones go
    Retention retention = new Retention(RecordingConfig.in(dir).withMaxTotalBytes(liveBytes + oneBytes * 3 / 2),
        recorder.catalog());
    assertThat(retention.enforce()).isEqualTo(2);
    assertThat(dir.resolve(a.id() + ".cast")).doesNotExist();
    assertThat(dir.resolve(b.id() + ".cast")).doesNotExist();
    assertThat(recorder.list(null, owner -> true)).extracting(RecordingInfo::recordingId)
        .containsExactly(live.id(), c.id());

    // a limit below the live recording alone: every finished one goes, the live one stays
    assertThat(new Retention(RecordingConfig.in(dir).withMaxTotalBytes(1), recorder.catalog()).enforce()).isEqualTo(1);
    assertThat(dir.resolve(live.id() + ".cast")).exists();
    live.output("still here".getBytes(StandardCharsets.UTF_8), 0, 10);
    assertThat(output(finish(live))).endsWith("still here");
  }

  /** A recording an earlier run left {@code days} ago. */
  private Path recordingOfAnEarlierRun(String id, int days) throws IOException {
    long then = java.time.Instant.now().minus(java.time.Duration.ofDays(days)).getEpochSecond();
    return Files.writeString(dir.resolve(id + ".cast"), "{\"version\": 3, \"term\": {\"cols\": 80, \"rows\": 24}, "
        + "\"timestamp\": " + then + ", \"rexd\": {\"recording_id\": \"" + id + "\", \"session_id\": \"sess_old\"}}\n"
        + "[0.1, \"o\", \"old\"]\n");
  }

  @Test
  void retentionRunsInTheBackgroundFromTheStart() throws Exception {
    Path old = recordingOfAnEarlierRun("rec_00000000000000000000000a", 40);
    Path recent = recordingOfAnEarlierRun("rec_00000000000000000000000b", 2);
    start(RecordingConfig.in(dir).withMaxAgeDays(30)); // nothing asks for a pass: the background one deletes it
    DirectoryEvents.await(dir, Duration.ofSeconds(30), "the old recording deleted in the background",
        () -> !Files.exists(old));
    assertThat(recent).exists();
    assertThat(recorder.list(null, owner -> true)).extracting(RecordingInfo::recordingId)
        .containsExactly("rec_00000000000000000000000b");
  }

  @Test
  void retentionDeletesRecordingsOlderThanMaxAgeDays() throws IOException {
    Path old = recordingOfAnEarlierRun("rec_0123456789abcdef01234567", 40);
    Path foreign = Files.writeString(dir.resolve("notes.cast"), "not ours");
    start(RecordingConfig.in(dir).withMaxAgeDays(30));
    SessionRecording fresh = recorder.recordSession("sess_new", "agent", null);
    fresh.close();
    recorder.enforceRetention();
    assertThat(old).doesNotExist();
    assertThat(foreign).exists();
    assertThat(recorder.list(null, owner -> true)).extracting(RecordingInfo::recordingId).containsExactly(fresh.id());
  }
}
