package dev.rexd.transport.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {

  /** A line as read: its text (null when oversized) and length; the reader's buffer is reused. */
  private record Read(String text, long length) {
    boolean oversized() {
      return text == null;
    }
  }

  private static List<Read> readAll(String input, int max) throws IOException {
    NdjsonReader r = new NdjsonReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), max);
    List<Read> lines = new ArrayList<>();
    for (NdjsonReader.Line l; (l = r.next()) != null; ) {
      lines.add(new Read(l.oversized() ? null : l.text(), l.length()));
    }
    return lines;
  }

  @Test
  void splitsOnNewlinesAcceptsCrLfSkipsBlankLinesAndKeepsALastUnterminatedLine() throws IOException {
    List<Read> lines = readAll("{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n{\"c\":3}", 100);
    assertThat(lines).extracting(Read::text).containsExactly("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}");
    assertThat(lines.get(1).length()).isEqualTo(10);
  }

  @Test
  void anOversizedLineIsReportedByLengthAndTheNextLineStillArrives() throws IOException {
    String big = "x".repeat(300_000);
    List<Read> lines = readAll("ok\n" + big + "\nafter\n", 1000);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).text()).isEqualTo("ok");
    assertThat(lines.get(1).oversized()).isTrue();
    assertThat(lines.get(1).length()).isEqualTo(300_000);
    assertThat(lines.get(2).text()).isEqualTo("after");
  }

  @Test
  void aLineOfExactlyTheLimitIsAccepted() throws IOException {
    List<Read> lines = readAll("y".repeat(64) + "\r\n", 64);
    assertThat(lines.get(0).oversized()).isFalse();
    assertThat(lines.get(0).text()).hasSize(64);
  }

  @Test
  void linesOfOnlyUnicodeWhitespaceAreBlankAndOtherNonAsciiLinesAreNot() throws IOException {
    List<Read> lines = readAll("\u2003 \u3000\n\u00e9\n \t\u000b\n{}\n", 100);
    assertThat(lines).extracting(Read::text).containsExactly("\u00e9", "{}");
  }
}
