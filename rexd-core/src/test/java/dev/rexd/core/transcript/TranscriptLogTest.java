package dev.rexd.core.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.json.RexdJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class TranscriptLogTest {
  @TempDir Path dir;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<TranscriptEntry> read(Path file) throws IOException {
    TranscriptReader reader = new TranscriptReader(new java.io.ByteArrayInputStream(Files.readAllBytes(file)));
    List<TranscriptEntry> all = new ArrayList<>();
    for (TranscriptEntry e; (e = reader.next()) != null; ) {
      all.add(e);
    }
    return all;
  }

  @Test
  void oneLinePerEndedProcessWithTheProtocolFieldsAndTextOutput() throws IOException {
    Path file = dir.resolve("logs/transcript.jsonl");
    try (TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file))) {
      ProcessTranscript ok = log.begin("sess_1", "agent", null, "p_1", List.of("ls", "--color"), null, "/srv", List.of());
      byte[] colored = utf8("\u001b[01;34mdir\u001b[0m\n50%\r100%\n");
      ok.output(colored, 0, colored.length);
      ok.ended(0, null, false, 12, colored.length, 0, false);
      ProcessTranscript killed = log.begin("sess_1", "agent", "alice", "p_2", null, "sleep 300", "/srv",
          List.of("CI", "TOKEN"));
      killed.ended(null, "TERM", true, 30_000, 0, 0, false);
      ProcessTranscript cut = log.begin("sess_1", "agent", null, "p_3", List.of("yes"), null, "/srv", List.of());
      cut.output(utf8("y\n"), 0, 2);
      cut.ended(null, "KILL", false, 5, 1 << 20, 0, true);
      killed.ended(1, null, false, 1, 0, 0, false); // a second end is ignored
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    JsonNode first = RexdJson.mapper().readTree(lines.get(0));
    assertThat(iterable(first.propertyNames())).containsExactly("time", "session_id", "client_name", "principal",
        "process_id", "argv", "cwd", "env", "exit_code", "signal", "timed_out", "duration_ms", "bytes_stdout",
        "bytes_stderr", "truncated", "output");
    assertThat(first.get("output").asString()).isEqualTo("dir\n100%\n");
    assertThat(first.get("principal").isNull()).isTrue();
    assertThat(first.get("signal").isNull()).isTrue();

    List<TranscriptEntry> entries = read(file);
    assertThat(entries.get(0).failed()).isFalse();
    assertThat(entries.get(1)).satisfies(e -> {
      assertThat(e.command()).isEqualTo("sleep 300");
      assertThat(e.env()).containsExactly("CI", "TOKEN");
      assertThat(e.exitCode()).isNull();
      assertThat(e.signal()).isEqualTo("TERM");
      assertThat(e.timedOut()).isTrue();
      assertThat(e.principal()).isEqualTo("alice");
      assertThat(e.failed()).isTrue();
    });
    assertThat(entries.get(2)).satisfies(e -> {
      assertThat(e.truncated()).isTrue();
      assertThat(e.bytesStdout()).isEqualTo(1 << 20);
      assertThat(e.signal()).isEqualTo("KILL");
    });
  }

  private static List<String> iterable(java.util.Collection<String> names) {
    return List.copyOf(names);
  }

  @Test
  void longOutputKeepsHeadAndTailAroundAnOmissionLine() {
    OutputDigest digest = new OutputDigest(1024);
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      all.append("line ").append(i).append('\n');
    }
    byte[] bytes = utf8(all.toString());
    for (int i = 0; i < bytes.length; i += 1000) {
      digest.write(bytes, i, Math.min(1000, bytes.length - i));
    }
    String text = digest.text();
    assertThat(text).startsWith("line 0\nline 1\n").endsWith("line 4998\nline 4999\n");
    assertThat(utf8(text).length).isLessThanOrEqualTo(1024);
    String head = text.substring(0, text.indexOf("[…"));
    String tail = text.substring(text.indexOf("…]\n") + 3);
    long omitted = Long.parseLong(text.substring(text.indexOf("[… ") + 3, text.indexOf(" bytes omitted")));
    assertThat(omitted + utf8(head).length + utf8(tail).length).isEqualTo(bytes.length);
    assertThat(head).endsWith("\n");
    assertThat(tail).startsWith("line ");
  }

  @Test
  void shortOutputIsKeptWhole() {
    OutputDigest digest = new OutputDigest(1024);
    digest.write(utf8("ok\n"), 0, 3);
    assertThat(digest.text()).isEqualTo("ok\n");
    assertThat(digest.totalBytes()).isEqualTo(3);
  }

  @Test
  void rotatesBeforeALineWouldPassMaxFileBytes() throws IOException {
    Path file = dir.resolve("t.jsonl");
    try (TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file).withMaxFileBytes(600))) {
      for (int i = 0; i < 5; i++) {
        ProcessTranscript t = log.begin("sess_1", "agent", null, "p_" + i, List.of("true"), null, "/srv", List.of());
        t.ended(0, null, false, 1, 0, 0, false);
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    assertThat(files.size()).isGreaterThan(1);
    int entries = 0;
    for (Path f : files) {
      assertThat(Files.size(f)).isLessThanOrEqualTo(600);
      entries += read(f).size();
    }
    assertThat(entries).isEqualTo(5);
  }

  @Test
  void rotatedFilesAreListedOldestFirstWithTheirEntriesInOrder() throws IOException {
    Path file = dir.resolve("t.jsonl");
    try (TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file).withMaxFileBytes(300))) {
      for (int i = 0; i < 12; i++) {   // one line per file: most rotations fall in the same millisecond
        log.begin("sess_1", "agent", null, "p_" + i, List.of("true"), null, "/srv", List.of())
            .ended(0, null, false, 1, 0, 0, false);
      }
    }
    Files.writeString(dir.resolve("t.jsonl.bak"), "not a rotated file\n");
    Files.writeString(dir.resolve("t.jsonl.20261206T000000.000Z-x"), "nor this\n");

    List<String> order = new ArrayList<>();
    for (Path f : TranscriptLog.rotatedFiles(file)) {
      read(f).forEach(e -> order.add(e.processId()));
    }
    read(file).forEach(e -> order.add(e.processId()));
    assertThat(order).containsExactly("p_0", "p_1", "p_2", "p_3", "p_4", "p_5", "p_6", "p_7", "p_8", "p_9", "p_10",
        "p_11");
    assertThat(TranscriptLog.rotatedFiles(dir.resolve("none.jsonl"))).isEmpty();
  }

  @Test
  void aTornLastLineIsSkippedByReadersAndNeverSwallowsTheNextLine() throws IOException {
    Path file = dir.resolve("t.jsonl");
    try (TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file))) {
      log.begin("sess_1", "a", null, "p_1", List.of("one"), null, "/", List.of()).ended(0, null, false, 1, 0, 0, false);
    }
    Files.writeString(file, "{\"time\":\"2026-", java.nio.file.StandardOpenOption.APPEND); // a crash mid-line
    TranscriptReader torn = new TranscriptReader(new java.io.ByteArrayInputStream(Files.readAllBytes(file)));
    assertThat(torn.next()).isNotNull();
    assertThat(torn.next()).isNull();
    assertThat(torn.hasUnfinishedLine()).isTrue();

    try (TranscriptLog log = TranscriptLog.open(TranscriptConfig.at(file))) {
      log.begin("sess_2", "a", null, "p_1", List.of("two"), null, "/", List.of()).ended(0, null, false, 1, 0, 0, false);
    }
    TranscriptReader healed = new TranscriptReader(new java.io.ByteArrayInputStream(Files.readAllBytes(file)));
    assertThat(healed.next().commandLine()).isEqualTo("one");
    assertThat(healed.next().commandLine()).isEqualTo("two");
    assertThat(healed.next()).isNull();
    assertThat(healed.skipped()).isEqualTo(1);
    assertThat(healed.hasUnfinishedLine()).isFalse();
  }

  @Test
  void aPathThatCannotBeWrittenFailsNamingIt() throws IOException {
    Path notADir = Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> TranscriptLog.open(TranscriptConfig.at(notADir.resolve("t.jsonl"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("[transcript] path " + notADir.resolve("t.jsonl") + " cannot be written");
  }
}
