package dev.rexd.api.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextViewTest {

  private static String render(String s) {
    return TextView.render(s);
  }

  @Test
  void removesEverySequenceKind() {
    assertThat(render("\u001b[1;31mred\u001b[0m plain\n")).isEqualTo("red plain\n");
    assertThat(render("\u001b]0;window title\u0007after\n")).isEqualTo("after\n");
    assertThat(render("\u001b]8;;https://example.com\u001b\\link\u001b]8;;\u001b\\\n")).isEqualTo("link\n");
    assertThat(render("a\u001bP1$r0m\u001b\\b\u001bX sos \u001b\\c\u001b^pm\u001b\\d\u001b_apc\u001b\\e\n"))
        .isEqualTo("abcde\n");
    assertThat(render("\u001b(B\u001b7x\u001b8\u001b=y\u001b[?25l\u001b[?2004hz\u001b[>4;1m\n")).isEqualTo("xyz\n");
  }

  @Test
  void belOnlyEndsOsc() {
    assertThat(render("\u001bPdata\u0007still data\u001b\\shown\n")).isEqualTo("shown\n");
  }

  @Test
  void carriageReturnOverwritesAndBackspaceMovesBack() {
    assertThat(render("10%\r20%\r100%\n")).isEqualTo("100%\n");
    assertThat(render("downloading...\rdone\n")).isEqualTo("doneloading...\n");
    assertThat(render("downloading...\rdone\u001b[K\n")).isEqualTo("done\n");
    assertThat(render("ab\bc\n")).isEqualTo("ac\n");
    assertThat(render("\b\bx\n")).isEqualTo("x\n");
    assertThat(render("line\r\n")).isEqualTo("line\n");
  }

  @Test
  void eraseAndHorizontalMoves() {
    assertThat(render("abcdef\u001b[3D\u001b[1KX\n")).isEqualTo("   Xef\n");
    assertThat(render("abcdef\u001b[2KX\n")).isEqualTo("      X\n");
    assertThat(render("abc\u001b[5Gx\n")).isEqualTo("abc x\n");
    assertThat(render("abc\u001b[Gx\u001b[2Cy\n")).isEqualTo("xbcy\n");
  }

  @Test
  void controlsInsideSequencesActAndCanCancels() {
    assertThat(render("a\u001b[3\n1mb\n")).isEqualTo("a\nb\n");
    assertThat(render("a\u001b[31\u0018b\n")).isEqualTo("ab\n");
    assertThat(render("x\u0000\u0007\u007fy\n")).isEqualTo("xy\n");
    assertThat(render("a\tb\n")).isEqualTo("a\tb\n");
  }

  @Test
  void utf8IsCarriedAcrossChunksAndInvalidBytesBecomeReplacement() {
    byte[] text = "grüße → 日本 🎉\n".getBytes(UTF_8);
    List<String> lines = new ArrayList<>();
    TextView view = new TextView(lines::add);
    for (byte b : text) {
      view.write(new byte[] {b}, 0, 1);
    }
    assertThat(lines).containsExactly("grüße → 日本 🎉");

    assertThat(TextView.render(new byte[] {'a', (byte) 0xFF, 'b', (byte) 0xC3, 'c', (byte) 0xE2, (byte) 0x82}))
        .isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    assertThat(TextView.render(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) // a surrogate
        .isEqualTo("\uFFFD\uFFFD\uFFFD");
    assertThat(TextView.render(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x8E, 'x'})).isEqualTo("\uFFFDx");
  }

  @Test
  void anySplitOfTheStreamGivesTheSameText() {
    String sample = "\u001b[32m✓\u001b[0m tests\r\n\u001b]0;t\u0007progress 10%\rprogress 100%\u001b[K\n"
        + "über\b\bER \u001bP+q\u001b\\日本\u001b[1;2Hend";
    byte[] bytes = sample.getBytes(UTF_8);
    String whole = TextView.render(bytes);
    assertThat(whole).isEqualTo("✓ tests\nprogress 100%\nübER 日本end");
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      StringBuilder out = new StringBuilder();
      TextView view = new TextView(l -> out.append(l).append('\n'));
      int i = 0;
      while (i < bytes.length) {
        int n = Math.min(bytes.length - i, 1 + random.nextInt(5));
        view.write(bytes, i, n);
        i += n;
      }
      view.finishInput();
      assertThat(out.append(view.pendingLine()).toString()).isEqualTo(whole);
    }
  }

  @Test
  void pendingLineShowsTheUnfinishedLineAndFinishHandsItOver() {
    List<String> lines = new ArrayList<>();
    TextView view = new TextView(lines::add);
    view.write("done\nPassword: ");
    assertThat(lines).containsExactly("done");
    assertThat(view.hasPendingLine()).isTrue();
    assertThat(view.pendingLine()).isEqualTo("Password: ");
    view.finish();
    assertThat(lines).containsExactly("done", "Password: ");
    assertThat(view.hasPendingLine()).isFalse();
  }

  @Test
  void longLinesAreHandedOverInPiecesSoMemoryStaysBounded() {
    List<String> lines = new ArrayList<>();
    TextView view = new TextView(lines::add, 10);
    view.write("x".repeat(25) + "\n");
    assertThat(lines).containsExactly("x".repeat(10), "x".repeat(10), "x".repeat(5));
    lines.clear();
    view.write("a\u001b[999999999Cb\n");
    assertThat(lines).containsExactly("a        b");
    assertThatThrownBy(() -> new TextView(l -> { }, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void progressBarRedrawnMillionsOfTimesHoldsOneLine() {
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    for (int i = 0; i < 1000; i++) {
      chunk.writeBytes(("\r[" + "#".repeat(i % 50) + "] " + i).getBytes(UTF_8));
    }
    byte[] bytes = chunk.toByteArray();
    List<String> lines = new ArrayList<>();
    TextView view = new TextView(lines::add);
    for (int i = 0; i < 1000; i++) {
      view.write(bytes, 0, bytes.length);
    }
    assertThat(lines).isEmpty();
    assertThat(view.pendingLine()).startsWith("[" + "#".repeat(49) + "] 999");
  }
}
