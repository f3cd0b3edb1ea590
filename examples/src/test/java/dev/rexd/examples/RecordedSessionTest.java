package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.recording.CastReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RecordedSession against the real {@code bin/rexd --stdio}: recordings and a transcript a newcomer can play. */
class RecordedSessionTest {
  @TempDir Path out;

  @Test
  void leavesASessionRecordingATerminalRecordingAndATranscriptThatPlay() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      RecordedSession.main(new String[] {out.toString()});
    } finally {
      System.setOut(stdout);
    }
    String said = captured.toString(StandardCharsets.UTF_8);
    stdout.print(said);
    assertThat(said).contains("$ cat missing.txt   [exit 1]").contains("bin/rexd play " + out.resolve("recordings"));

    List<Path> casts;
    try (Stream<Path> files = Files.list(out.resolve("recordings"))) {
      casts = files.sorted().toList();
    }
    assertThat(casts).hasSize(2);
    List<String> titles = new ArrayList<>();
    for (Path cast : casts) {
      try (InputStream in = Files.newInputStream(cast)) {
        CastReader reader = new CastReader(in);
        titles.add(reader.header().meta().get("kind"));
        int events = 0;
        while (reader.next() != null) {
          events++;
        }
        assertThat(reader.problem()).isNull();
        assertThat(events).isPositive();
      }
    }
    assertThat(titles).containsExactlyInAnyOrder("session", "pty");
    assertThat(Files.readAllLines(out.resolve("transcript.jsonl"))).hasSize(5);

    Path session = casts.stream().filter(c -> {
      try (InputStream in = Files.newInputStream(c)) {
        return new CastReader(in).header().meta().get("kind").equals("session");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).findFirst().orElseThrow();
    Process cat = new ProcessBuilder(QuickStart.binRexd().toString(), "cat", session.toString())
        .redirectErrorStream(true).start();
    String text = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cat.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cat.exitValue()).as(text).isZero();
    assertThat(text).contains("building 100%\n").contains("PASS 12 tests, FAIL 1 test\n[exit 1, ")
        .contains("$ cat missing.txt\ncat: missing.txt: No such file or directory\n[exit 1, ");
    assertThat(text).doesNotContain("\u001b").doesNotContain("\r");

    Process play = new ProcessBuilder(QuickStart.binRexd().toString(), "play", "--idle-limit", "0.01", session.toString())
        .redirectErrorStream(true).start();
    String played = new String(play.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(play.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(play.exitValue()).as(played).isZero();
    assertThat(played).contains("$\u001b[0m cat missing.txt\r\ncat: missing.txt: No such file or directory\r\n")
        .contains("\rbuilding 100%");
  }
}
