package dev.rexd.core.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.DirectoryEvents;
import dev.rexd.core.transcript.TranscriptConfig;
import dev.rexd.core.transcript.TranscriptEntry;
import dev.rexd.core.transcript.TranscriptReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A real server records real commands and terminals, and serves the recordings back. */
class RecordedServerTest {
  @TempDir Path root;
  @TempDir Path state;
  private RexdServer server;
  private final AtomicLong ids = new AtomicLong();

  @BeforeEach
  void start() {
    server = RexdServer.builder().allowedRoot(root)
        .recording(RecordingConfig.in(state.resolve("recordings")).withRecordInput(true))
        .transcript(TranscriptConfig.at(state.resolve("transcript.jsonl")).withMaxOutputBytes(1024))
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode call(String method, Map<String, Object> params) {
    ObjectNode req = RexdJson.mapper().createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
        .put("method", method);
    req.set("params", RexdJson.mapper().valueToTree(params));
    String text = server.handle(RexdJson.mapper().writeValueAsString(req)).join().orElseThrow();
    return RexdJson.mapper().readTree(text);
  }

  private JsonNode result(String method, Map<String, Object> params) {
    JsonNode response = call(method, params);
    assertThat(response.has("error")).as("%s: %s", method, response).isFalse();
    return response.get("result");
  }

  private String exec(String sid, Map<String, Object> extra) {
    Map<String, Object> params = new HashMap<>(extra);
    params.put("session_id", sid);
    String pid = result("exec.start", params).get("process_id").asString();
    result("exec.wait", Map.of("session_id", sid, "process_id", pid));
    return pid;
  }

  /**
   * Opens a terminal with {@code params}, waits until its recording's output passes {@code ready},
   * resizes it to 100×30, types {@code typed}, waits for its end and closes the session.
   */
  private Terminal driveTerminal(String sid, Map<String, Object> params, String what, Predicate<String> ready,
      String typed) throws Exception {
    Map<String, Object> open = new HashMap<>(params);
    open.put("session_id", sid);
    JsonNode pty = result("pty.open", open);
    String ptyId = pty.get("pty_id").asString();
    String recordingId = recordingOf(sid, ptyId);
    DirectoryEvents.await(state.resolve("recordings"), Duration.ofSeconds(30), what,
        () -> ready.test(output(events(fetch(recordingId)))));
    result("pty.resize", Map.of("session_id", sid, "pty_id", ptyId, "cols", 100, "rows", 30));
    result("pty.input", Map.of("session_id", sid, "pty_id", ptyId, "data", typed));
    result("exec.wait", Map.of("session_id", sid, "process_id", pty.get("process_id").asString()));
    result("session.close", Map.of("session_id", sid));
    return new Terminal(ptyId, recordingId);
  }

  /** A terminal and its recording. */
  private record Terminal(String ptyId, String recordingId) {}

  /** The id of the recording of terminal {@code ptyId}. */
  private String recordingOf(String sid, String ptyId) {
    for (JsonNode r : result("recording.list", Map.of("session_id", sid)).get("recordings")) {
      if (ptyId.equals(r.path("pty_id").asString(""))) {
        return r.get("recording_id").asString();
      }
    }
    throw new AssertionError("no recording of " + ptyId);
  }

  private byte[] fetch(String recordingId) {
    StringBuilder b64 = new StringBuilder();
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    long offset = 0;
    while (true) {
      JsonNode r = result("recording.get", Map.of("recording_id", recordingId, "offset", offset, "length", 4096));
      String content = r.get("content").asString();
      byte[] bytes = r.get("encoding").asString().equals("utf8") ? content.getBytes(StandardCharsets.UTF_8)
          : Base64.getDecoder().decode(content);
      all.writeBytes(bytes);
      offset += bytes.length;
      if (r.get("eof").asBoolean()) {
        return all.toByteArray();
      }
    }
  }

  private static List<CastEvent> events(byte[] cast) {
    CastReader reader = new CastReader(new ByteArrayInputStream(cast));
    List<CastEvent> all = new ArrayList<>();
    for (CastEvent e; (e = reader.next()) != null; ) {
      all.add(e);
    }
    assertThat(reader.problem()).isNull();
    return all;
  }

  private static String output(List<CastEvent> events) {
    return events.stream().filter(e -> e.code().equals("o")).map(CastEvent::data).collect(Collectors.joining());
  }

  @Test
  void commandsAndATerminalAreRecordedAndServedBackAndTranscribed() throws Exception {
    assertThat(result("session.open", Map.of("client_name", "rec")).get("capabilities").toString())
        .contains("\"recording\"");
    String sid = result("session.open", Map.of("client_name", "agent")).get("session_id").asString();

    exec(sid, Map.of("argv", List.of("printf", "héllo 🙂\\nno newline")));
    exec(sid, Map.of("shell", true, "command", "echo oops >&2; exit 3"));
    exec(sid, Map.of("shell", true, "command", "sleep 30", "timeout_ms", 300));
    exec(sid, Map.of("shell", true, "command", "yes | head -c 5000", "max_output_bytes", 100));
    String killed = result("exec.start", Map.of("session_id", sid, "shell", true, "command", "sleep 30"))
        .get("process_id").asString();
    result("exec.kill", Map.of("session_id", sid, "process_id", killed, "signal", "KILL"));
    result("exec.wait", Map.of("session_id", sid, "process_id", killed));

    // typed before the program printed, the echo of the input would come first
    Terminal pty = driveTerminal(sid, Map.of("shell", true,
        "command", "printf 'ready\\n'; read line; printf 'got %s ✓\\n' \"$line\"; exit 4", "cols", 90, "rows", 20),
        "the program's prompt", recorded -> recorded.contains("ready\r\n"), "typed\r");

    JsonNode list = result("recording.list", Map.of("session_id", sid)).get("recordings");
    assertThat(list).hasSize(2);
    JsonNode sessionRec = list.get(0).get("kind").asString().equals("session") ? list.get(0) : list.get(1);
    JsonNode ptyRec = sessionRec == list.get(0) ? list.get(1) : list.get(0);
    assertThat(ptyRec.get("pty_id").asString()).isEqualTo(pty.ptyId());
    assertThat(ptyRec.get("recording_id").asString()).isEqualTo(pty.recordingId());

    String session = output(events(fetch(sessionRec.get("recording_id").asString())));
    assertThat(session).contains("\u001b[1m$\u001b[0m printf 'héllo 🙂\\nno newline'\r\nhéllo 🙂\r\nno newline\r\n"
        + "\u001b[2m[exit 0, ");
    assertThat(session).contains("$\u001b[0m echo oops >&2; exit 3\r\noops\r\n\u001b[2m[exit 3, ");
    assertThat(session).contains("$\u001b[0m sleep 30\r\n\u001b[2m[timed out, killed by SIGTERM, ");
    assertThat(session).contains("$\u001b[0m sleep 30\r\n\u001b[2m[killed by SIGKILL, ");

    List<CastEvent> terminal = events(fetch(ptyRec.get("recording_id").asString()));
    assertThat(output(terminal)).contains("ready\r\n").contains("got typed ✓\r\n");
    assertThat(terminal).extracting(CastEvent::code).contains("r", "i");
    assertThat(terminal).filteredOn(e -> e.code().equals("r")).extracting(CastEvent::data).containsExactly("100x30");
    assertThat(terminal).filteredOn(e -> e.code().equals("i")).extracting(CastEvent::data).containsExactly("typed\r");
    assertThat(terminal.get(terminal.size() - 1)).extracting(CastEvent::code, CastEvent::data).containsExactly("x", "4");

    TranscriptReader reader = new TranscriptReader(new ByteArrayInputStream(Files.readAllBytes(state.resolve("transcript.jsonl"))));
    List<TranscriptEntry> lines = new ArrayList<>();
    for (TranscriptEntry e; (e = reader.next()) != null; ) {
      lines.add(e);
    }
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0).output()).isEqualTo("héllo 🙂\nno newline");
    assertThat(lines.get(0).argv()).containsExactly("printf", "héllo 🙂\\nno newline");
    assertThat(lines.get(1).exitCode()).isEqualTo(3);
    assertThat(lines.get(1).output()).isEqualTo("oops\n");
    assertThat(lines.get(2).timedOut()).isTrue();
    assertThat(lines.get(3).truncated()).isTrue();
    assertThat(lines.get(4).signal()).isEqualTo("SIGKILL");
    assertThat(lines.get(5).exitCode()).isEqualTo(4);
    assertThat(lines.get(5).output()).isEqualTo("ready\ntyped\ngot typed ✓\n");
    assertThat(lines).allSatisfy(e -> {
      assertThat(e.sessionId()).isEqualTo(sid);
      assertThat(e.clientName()).isEqualTo("agent");
    });
  }

  /**
   * What a program writes to its terminal is what the recording replays, byte for byte (output
   * post-processing and echo are off, so the terminal passes the bytes on unchanged), and the
   * recording keeps the time between events: the program answers the input that follows a resize
   * 300 ms later, and that output is stamped at least 300 ms after the resize.
   */
  @Test
  void aTerminalProgramsBytesAndPausesComeBackFromTheRecording() throws Exception {
    byte[] first = ("\u001b[1;32mgreen\u001b[0m héllo 🙂 中文\nprogress 10%\rprogress 100%\n\tend\b\bEND\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] second = "after the pause ✓\n".getBytes(StandardCharsets.UTF_8);
    Files.write(root.resolve("first"), first);
    Files.write(root.resolve("second"), second);
    String sid = result("session.open", Map.of("client_name", "agent")).get("session_id").asString();
    // stty has run once the first output is recorded: input is not echoed
    String recordingId = driveTerminal(sid, Map.of("argv",
        List.of("sh", "-c", "stty -opost -echo; cat first; read x; sleep 0.3; cat second"), "cols", 80, "rows", 24),
        "the program's first output", recorded -> recorded.endsWith("END\n"), "go\r").recordingId();

    List<CastEvent> events = events(fetch(recordingId));
    byte[] expected = new byte[first.length + second.length];
    System.arraycopy(first, 0, expected, 0, first.length);
    System.arraycopy(second, 0, expected, first.length, second.length);
    assertThat(output(events).getBytes(StandardCharsets.UTF_8)).isEqualTo(expected);

    CastEvent resize = events.stream().filter(e -> e.code().equals("r")).findFirst().orElseThrow();
    CastEvent after = events.stream().filter(e -> e.code().equals("o") && e.data().contains("after the pause"))
        .findFirst().orElseThrow();
    assertThat(after.atMicros() - resize.atMicros()).as("the recorded pause").isGreaterThanOrEqualTo(300_000);
  }

  @Test
  void anUnknownRecordingIsNotFound() {
    JsonNode r = call("recording.get", Map.of("recording_id", "rec_0123456789abcdef01234567"));
    assertThat(r.get("error").get("code").asInt()).isEqualTo(-32602);
    assertThat(r.get("error").get("data").get("reason").asString()).isEqualTo("not_found");
  }
}
