package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.Encoding;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay window of one process: what is kept, in which order, and what it costs the server. */
class OutputHistoryTest {
  private final RetainedOutput retained = new RetainedOutput(1L << 30);

  private static ChunkEncoder.Chunk text(String s) {
    return new ChunkEncoder.Chunk(s.getBytes(StandardCharsets.UTF_8), Encoding.UTF8);
  }

  private static String joined(List<OutputChunk> chunks) {
    StringBuilder b = new StringBuilder();
    chunks.forEach(c -> b.append(c.data()));
    return b.toString();
  }

  @Test
  void keepsTheLastBytesOfAStreamFarLongerThanTheWindowInOrder() {
    OutputHistory h = new OutputHistory(100, retained);
    StringBuilder all = new StringBuilder();
    for (int seq = 1; seq <= 1000; seq++) {
      String line = seq + "\n";
      all.append(line);
      h.add(StreamName.STDOUT, seq, text(line));
    }

    List<OutputChunk> kept = h.after(StreamName.STDOUT, 0);
    assertThat(h.retainedBytes()).isLessThanOrEqualTo(100).isEqualTo(joined(kept).length());
    assertThat(all.toString()).endsWith(joined(kept));
    assertThat(kept.get(0).seq()).isEqualTo(h.firstSeq(StreamName.STDOUT));
    assertThat(kept).extracting(OutputChunk::seq).isSorted().last().isEqualTo(1000L);
    assertThat(retained.total()).isEqualTo(h.retainedBytes());
  }

  @Test
  void afterFiltersByStreamAndSeqAndKeepsEachChunksEncoding() {
    OutputHistory h = new OutputHistory(1 << 20, retained);
    h.add(StreamName.STDOUT, 1, text("a"));
    h.add(StreamName.STDERR, 1, new ChunkEncoder.Chunk(new byte[] {(byte) 0xff, 0}, Encoding.BASE64));
    h.add(StreamName.STDOUT, 2, text("b"));

    assertThat(h.after(StreamName.STDOUT, 1)).extracting(OutputChunk::data).containsExactly("b");
    List<OutputChunk> err = h.after(StreamName.STDERR, 0);
    assertThat(err).singleElement().satisfies(c -> {
      assertThat(c.encoding()).isEqualTo(Encoding.BASE64);
      assertThat(Base64.getDecoder().decode(c.data())).containsExactly(0xff, 0);
    });
    assertThat(h.after(null, 0)).extracting(OutputChunk::seq).containsExactly(1L, 1L, 2L);
  }

  @Test
  void aChunkWiderThanTheWindowLeavesNothingAndMovesFirstSeqPastIt() {
    OutputHistory h = new OutputHistory(8, retained);
    h.add(StreamName.STDOUT, 1, text("abc"));
    h.add(StreamName.STDOUT, 2, text("0123456789"));

    assertThat(h.after(null, 0)).isEmpty();
    assertThat(h.firstSeq(StreamName.STDOUT)).isEqualTo(3);
    assertThat(retained.total()).isZero();

    h.add(StreamName.STDOUT, 3, text("xyz"));
    assertThat(joined(h.after(null, 0))).isEqualTo("xyz");
  }

  @Test
  void trimmingAndClosingGiveTheBytesBackToTheServerBound() {
    OutputHistory h = new OutputHistory(1 << 20, retained);
    for (int seq = 1; seq <= 10; seq++) {
      h.add(StreamName.STDOUT, seq, text("0123456789"));
    }
    assertThat(retained.total()).isEqualTo(100);

    retained.released(h.trimTo(35));
    assertThat(h.retainedBytes()).isEqualTo(30);
    assertThat(h.firstSeq(StreamName.STDOUT)).isEqualTo(8);
    assertThat(retained.total()).isEqualTo(30);

    h.close();
    h.add(StreamName.STDOUT, 11, text("late"));
    assertThat(retained.total()).isZero();
    assertThat(h.after(null, 0)).isEmpty();
    assertThat(h.firstSeq(StreamName.STDOUT)).isEqualTo(12);
  }

  @Test
  void theServerBoundTrimsAGrowingHistoryAcrossTheRingsWrap() {
    RetainedOutput small = new RetainedOutput(50);
    OutputHistory h = new OutputHistory(64, small);
    for (int seq = 1; seq <= 40; seq++) {
      h.add(StreamName.STDOUT, seq, text("%06d\n".formatted(seq)));
    }
    assertThat(small.total()).isLessThanOrEqualTo(50).isEqualTo(h.retainedBytes());
    assertThat(joined(h.after(null, 0))).isEqualTo("000034\n000035\n000036\n000037\n000038\n000039\n000040\n");
  }
}
