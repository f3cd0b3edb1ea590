package dev.rexd.api.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiveTextTest {
  private final LiveText text = new LiveText();

  private String write(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return text.write(b, 0, b.length);
  }

  @Test
  void linesComeOutWholeAndStripped() {
    assertThat(write("\u001b[01;34mdir\u001b[0m  fi")).isEmpty();
    assertThat(text.hasPending()).isTrue();
    assertThat(write("le\nnext")).isEqualTo("dir  file\n");
    assertThat(text.finish()).isEqualTo("next");
  }

  @Test
  void aFlushedPromptIsFollowedByTheRestOfItsLine() {
    assertThat(write("Password: ")).isEmpty();
    assertThat(text.flushPending()).isEqualTo("Password: ");
    assertThat(text.hasPending()).isFalse();
    assertThat(text.flushPending()).isEmpty();
    assertThat(write("hunter2\n")).isEqualTo("hunter2\n");
    assertThat(write("ok\n")).isEqualTo("ok\n");
  }

  @Test
  void aRedrawnLineShowsEachFlushedStateOnALineOfItsOwn() {
    write("  10%");
    assertThat(text.flushPending()).isEqualTo("  10%");
    write("\r  60%");
    assertThat(text.flushPending()).isEqualTo("\n  60%");
    assertThat(write("\r 100% done\n")).isEqualTo("\n 100% done\n");
    assertThat(write("\r\u001b[Kerased\n")).isEqualTo("erased\n");
  }

  @Test
  void aMultiByteCharacterSplitAcrossWritesIsKept() {
    byte[] e = "é\n".getBytes(StandardCharsets.UTF_8);
    assertThat(text.write(e, 0, 1)).isEmpty();
    assertThat(text.flushPending()).isEmpty();
    assertThat(text.write(e, 1, 2)).isEqualTo("é\n");
    assertThat(text.write(e, 0, 1)).isEmpty();
    assertThat(text.finish()).isEqualTo("\ufffd");
  }
}
