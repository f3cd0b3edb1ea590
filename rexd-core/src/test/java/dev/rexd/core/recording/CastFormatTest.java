package dev.rexd.core.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.json.RexdJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CastFormatTest {
  @TempDir Path dir;

  private static final CastHeader HEADER = new CastHeader(100, 30, 1_700_000_000L, "t",
      Map.of("recording_id", "rec_000000000000000000000001", "session_id", "sess_1"));

  @ParameterizedTest
  @EnumSource(CastFormat.class)
  void timesReadBackExactlyToTheMicrosecondWithoutDrift(CastFormat format) throws IOException {
    long start = 5_000_000_000L;
    long[] offsetsNanos = {0, 999, 1_000, 123_456_789, 123_456_999, 2_000_000_001, 3_600_000_000_000L + 7_000};
    CastFile file = CastFile.create(dir.resolve("t.cast"), format, HEADER, start);
    for (int i = 0; i < offsetsNanos.length; i++) {
      file.append(start + offsetsNanos[i], CastEvent.OUTPUT, "e" + i);
    }
    file.close();

    List<CastEvent> events = readAll(dir.resolve("t.cast"));
    assertThat(events).hasSize(offsetsNanos.length);
    for (int i = 0; i < offsetsNanos.length; i++) {
      assertThat(events.get(i).atMicros()).as("event %d", i).isEqualTo(offsetsNanos[i] / 1_000);
      assertThat(events.get(i).data()).isEqualTo("e" + i);
    }
  }

  @Test
  void v3HeaderHasTermAndEventsCarryIntervals() throws IOException {
    CastFile file = CastFile.create(dir.resolve("v3.cast"), CastFormat.V3, HEADER, 0);
    file.append(1_500_000_000L, CastEvent.OUTPUT, "a");
    file.append(1_750_000_000L, CastEvent.RESIZE, "90x30");
    file.append(2_000_000_000L, CastEvent.EXIT, "0");
    file.close();
    List<String> lines = Files.readAllLines(dir.resolve("v3.cast"));
    JsonNode h = RexdJson.mapper().readTree(lines.get(0));
    assertThat(h.get("version").asInt()).isEqualTo(3);
    assertThat(h.get("term").get("cols").asInt()).isEqualTo(100);
    assertThat(h.get("term").get("rows").asInt()).isEqualTo(30);
    assertThat(h.get("term").get("type").asString()).isEqualTo("xterm-256color");
    assertThat(h.get("timestamp").asLong()).isEqualTo(1_700_000_000L);
    assertThat(lines.subList(1, 4)).containsExactly(
        "[1.500000, \"o\", \"a\"]", "[0.250000, \"r\", \"90x30\"]", "[0.250000, \"x\", \"0\"]");
  }

  @Test
  void v2HeaderHasWidthAndHeightAbsoluteTimesAndNoExitEvent() throws IOException {
    CastFile file = CastFile.create(dir.resolve("v2.cast"), CastFormat.V2, HEADER, 0);
    file.append(1_500_000_000L, CastEvent.OUTPUT, "a");
    file.append(1_750_000_000L, CastEvent.MARKER, "m1");
    file.append(2_000_000_000L, CastEvent.EXIT, "0");
    file.close();
    List<String> lines = Files.readAllLines(dir.resolve("v2.cast"));
    JsonNode h = RexdJson.mapper().readTree(lines.get(0));
    assertThat(h.get("version").asInt()).isEqualTo(2);
    assertThat(h.get("width").asInt()).isEqualTo(100);
    assertThat(h.get("height").asInt()).isEqualTo(30);
    assertThat(lines.subList(1, lines.size())).containsExactly("[1.500000, \"o\", \"a\"]", "[1.750000, \"m\", \"m1\"]");
  }

  @Test
  void controlCharactersAreEscapedAndNonAsciiStaysUtf8() {
    String line = CastFormat.V3.eventLine(0, 0, "o", "\u001b[31mé\u0007\"\\\n");
    assertThat(line).isEqualTo("[0.000000, \"o\", \"\\u001B[31mé\\u0007\\\"\\\\\\n\"]");
  }

  @Test
  void readerStopsAtTheFirstBadLineAndSaysWhich() {
    String cast = "{\"version\": 3, \"term\": {\"cols\": 80, \"rows\": 24}}\n"
        + "# a comment\n"
        + "[0.5, \"o\", \"one\"]\n"
        + "[0.5, \"o\", \"two\"]\n"
        + "[0.5, \"o\", \"thr";
    CastReader reader = new CastReader(new ByteArrayInputStream(cast.getBytes(StandardCharsets.UTF_8)));
    assertThat(reader.next()).isEqualTo(new CastEvent(500_000, "o", "one"));
    assertThat(reader.next()).isEqualTo(new CastEvent(1_000_000, "o", "two"));
    assertThat(reader.next()).isNull();
    assertThat(reader.problem()).startsWith("line 5: not JSON");
  }

  @Test
  void readerRefusesAFileThatIsNoRecording() {
    assertThatThrownBy(() -> new CastReader(new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(CastFormatException.class).hasMessageStartingWith("line 1: not a JSON header");
    assertThatThrownBy(() -> new CastReader(new ByteArrayInputStream("{\"version\": 5}\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(CastFormatException.class).hasMessageContaining("not an asciicast v2 or v3 header");
  }

  @Test
  void formatNamesParse() {
    assertThat(CastFormat.parse("V2")).isEqualTo(CastFormat.V2);
    assertThat(CastFormat.parse("v3")).isEqualTo(CastFormat.V3);
    assertThatThrownBy(() -> CastFormat.parse("v4")).hasMessageContaining("v3 or v2");
  }

  static List<CastEvent> readAll(Path file) throws IOException {
    try (CastReader reader = new CastReader(Files.newInputStream(file))) {
      List<CastEvent> events = new ArrayList<>();
      for (CastEvent e; (e = reader.next()) != null; ) {
        events.add(e);
      }
      assertThat(reader.problem()).isNull();
      return events;
    }
  }
}
