package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.Encoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkEncoderTest {

  @Test
  void asciiIsOneUtf8Chunk() {
    ChunkEncoder.Chunk c = new ChunkEncoder().feed("hello\n".getBytes(StandardCharsets.UTF_8), 0, 6);
    assertThat(c).isNotNull();
    assertThat(c.encoding()).isEqualTo(Encoding.UTF8);
    assertThat(c.data()).isEqualTo("hello\n");
  }

  @Test
  void honoursOffsetAndLength() {
    byte[] buf = "xxabcxx".getBytes(StandardCharsets.UTF_8);
    ChunkEncoder.Chunk c = new ChunkEncoder().feed(buf, 2, 3);
    assertThat(c.data()).isEqualTo("abc");
  }

  @Test
  void multiByteCharactersSplitAtEveryPointStayUtf8() {
    byte[] text = "aé€😀z".getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < text.length; cut++) {
      List<ChunkEncoder.Chunk> chunks = encode(text, cut, text.length);
      assertThat(chunks).allSatisfy(c -> assertThat(c.encoding()).isEqualTo(Encoding.UTF8));
      assertThat(String.join("", chunks.stream().map(ChunkEncoder.Chunk::data).toList())).isEqualTo("aé€😀z");
    }
  }

  @Test
  void byteByByteFeedingCarriesUntilTheCharacterIsComplete() {
    ChunkEncoder enc = new ChunkEncoder();
    byte[] smile = "😀".getBytes(StandardCharsets.UTF_8);
    assertThat(enc.feed(smile, 0, 1)).isNull();
    assertThat(enc.feed(smile, 1, 1)).isNull();
    assertThat(enc.feed(smile, 2, 1)).isNull();
    ChunkEncoder.Chunk c = enc.feed(smile, 3, 1);
    assertThat(c.encoding()).isEqualTo(Encoding.UTF8);
    assertThat(c.data()).isEqualTo("😀");
    assertThat(enc.flush()).isNull();
  }

  @Test
  void incompleteCharacterAtEndOfStreamIsFlushedAsBase64() {
    ChunkEncoder enc = new ChunkEncoder();
    ChunkEncoder.Chunk first = enc.feed(new byte[] {'a', (byte) 0xe2, (byte) 0x82}, 0, 3);
    assertThat(first.data()).isEqualTo("a");
    ChunkEncoder.Chunk last = enc.flush();
    assertThat(last.encoding()).isEqualTo(Encoding.BASE64);
    assertThat(last.bytes()).containsExactly(0xe2, 0x82);
    assertThat(enc.flush()).isNull();
  }

  @Test
  void carriedBytesThatAreNotContinuedGoOutAsBase64WithTheNextChunk() {
    ChunkEncoder enc = new ChunkEncoder();
    assertThat(enc.feed(new byte[] {(byte) 0xe2}, 0, 1)).isNull();
    ChunkEncoder.Chunk c = enc.feed(new byte[] {'A', 'B'}, 0, 2);
    assertThat(c.encoding()).isEqualTo(Encoding.BASE64);
    assertThat(c.bytes()).containsExactly(0xe2, 'A', 'B');
  }

  @Test
  void aNonAsciiByteAtAnyPlaceOfALongAsciiRunIsJudgedAsItIs() {
    // long ASCII runs are skipped eight bytes at a time: every position of a word must still count
    for (int at = 0; at < 40; at++) {
      byte[] text = ("x".repeat(at) + "é" + "y".repeat(40 - at)).getBytes(StandardCharsets.UTF_8);
      ChunkEncoder.Chunk c = new ChunkEncoder().feed(text, 0, text.length);
      assertThat(c.encoding()).isEqualTo(Encoding.UTF8);
      assertThat(c.bytes()).isEqualTo(text);

      byte[] broken = text.clone();
      broken[at + 1] = 'z';   // the second byte of é: no longer a continuation
      ChunkEncoder.Chunk b = new ChunkEncoder().feed(broken, 0, broken.length);
      assertThat(b.encoding()).isEqualTo(Encoding.BASE64);
      assertThat(b.bytes()).isEqualTo(broken);

      byte[] cut = Arrays.copyOf(text, at + 1);   // ends inside é: carried, not sent
      ChunkEncoder enc = new ChunkEncoder();
      ChunkEncoder.Chunk head = enc.feed(cut, 0, cut.length);
      assertThat(head == null ? new byte[0] : head.bytes()).isEqualTo(Arrays.copyOf(text, at));
      assertThat(enc.feed(text, at + 1, text.length - at - 1).bytes())
          .isEqualTo(Arrays.copyOfRange(text, at, text.length));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ff", "fe", "80", "bf", "c080", "c1bf", "e08080", "eda080", "edbfbf", "f08f8080", "f4908080", "f5808080",
      "41ff42", "c328", "e228a1"})
  void invalidUtf8IsBase64AndExact(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    ChunkEncoder enc = new ChunkEncoder();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    ChunkEncoder.Chunk c = enc.feed(bytes, 0, bytes.length);
    ChunkEncoder.Chunk tail = enc.flush();
    for (ChunkEncoder.Chunk x : new ChunkEncoder.Chunk[] {c, tail}) {
      if (x != null) {
        assertThat(x.encoding()).isEqualTo(Encoding.BASE64);
        all.writeBytes(x.encoding().decode(x.data()));
      }
    }
    assertThat(all.toByteArray()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "7f", "c280", "dfbf", "e0a080", "ed9fbf", "ee8080", "efbfbf", "f0908080", "f48fbfbf"})
  void validBoundariesAreUtf8(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    ChunkEncoder.Chunk c = new ChunkEncoder().feed(bytes, 0, bytes.length);
    assertThat(c.encoding()).isEqualTo(Encoding.UTF8);
    assertThat(c.data().getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
  }

  @Test
  void randomBytesAndRandomSplitsAreReassembledExactly() {
    Random random = new Random(42);
    String alphabet = "aZ09 é߷€ह😀𝄞\n";
    for (int round = 0; round < 300; round++) {
      byte[] data;
      if (round % 2 == 0) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
          sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        data = sb.toString().getBytes(StandardCharsets.UTF_8);
      } else {
        data = new byte[random.nextInt(600)];
        random.nextBytes(data);
      }
      ChunkEncoder enc = new ChunkEncoder();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      boolean text = round % 2 == 0;
      int off = 0;
      while (off < data.length) {
        int n = 1 + random.nextInt(Math.min(64, data.length - off));
        ChunkEncoder.Chunk c = enc.feed(data, off, n);
        off += n;
        if (c != null) {
          if (text) {
            assertThat(c.encoding()).isEqualTo(Encoding.UTF8);
          }
          if (c.encoding() == Encoding.UTF8) {
            assertThat(c.data().getBytes(StandardCharsets.UTF_8)).isEqualTo(c.bytes());
          }
          out.writeBytes(c.encoding().decode(c.data()));
        }
      }
      ChunkEncoder.Chunk tail = enc.flush();
      if (tail != null) {
        out.writeBytes(tail.encoding().decode(tail.data()));
      }
      assertThat(out.toByteArray()).isEqualTo(data);
    }
  }

  private static List<ChunkEncoder.Chunk> encode(byte[] data, int... cuts) {
    ChunkEncoder enc = new ChunkEncoder();
    List<ChunkEncoder.Chunk> out = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      ChunkEncoder.Chunk c = enc.feed(data, from, cut - from);
      if (c != null) {
        out.add(c);
      }
      from = cut;
    }
    ChunkEncoder.Chunk tail = enc.flush();
    if (tail != null) {
      out.add(tail);
    }
    return out;
  }
}
