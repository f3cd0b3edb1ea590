package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.exec.StreamName;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pump reads a stream to its end in growing chunks, and drains it even when delivery fails. */
class OutputPumpTest {

  @Test
  void aShortOutputIsReadWithTheSmallFirstBuffer() {
    List<byte[]> chunks = pump(100);

    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0)).hasSize(100);
  }

  @Test
  void aFastWriterIsReadInFullSizeChunksOnceTheFirstBufferFilled() {
    int total = (1 << 20) + 100;

    List<byte[]> chunks = pump(total);

    assertThat(chunks.get(0)).hasSize(OutputPump.FIRST_BUFFER_BYTES);
    assertThat(chunks.get(1)).hasSize(PipeEnd.BUFFER_BYTES);
    assertThat(chunks.stream().mapToInt(c -> c.length).sum()).isEqualTo(total);
    assertThat(chunks).allSatisfy(c -> assertThat(c).containsOnly((byte) 'a'));
  }

  @Test
  void anErrorWhileDeliveringStopsTheDeliveryOnceAndTheStreamIsStillReadToItsEnd() {
    byte[] input = new byte[(1 << 20) + 3];
    Arrays.fill(input, (byte) 'a');
    input[input.length - 3] = (byte) 0xe2;   // the first bytes of a character the stream never ends
    ByteArrayInputStream in = new ByteArrayInputStream(input);
    List<Long> delivered = new ArrayList<>();
    List<Error> failures = new ArrayList<>();
    OutOfMemoryError noRoom = new OutOfMemoryError("no room for the chunk");
    boolean[] done = new boolean[1];
    OutputPump pump = new OutputPump(StreamName.STDOUT, in, new OutputBudget(Long.MAX_VALUE, () -> { }),
        (stream, seq, chunk) -> {
          delivered.add(seq);
          if (seq == 2) {
            throw noRoom;
          }
        }, () -> done[0] = true, failures::add);
    pump.go();
    pump.run();

    assertThat(delivered).as("nothing after the failed chunk, not even the carried bytes").containsExactly(1L, 2L);
    assertThat(failures).containsExactly(noRoom);
    assertThat(in.available()).as("the child never blocks on a full pipe").isZero();
    assertThat(done[0]).isTrue();
  }

  /** Pumps {@code bytes} ASCII bytes from a stream that fills every read; the chunks, checked in seq order. */
  private static List<byte[]> pump(int bytes) {
    byte[] input = new byte[bytes];
    Arrays.fill(input, (byte) 'a');
    List<byte[]> chunks = new ArrayList<>();
    boolean[] done = new boolean[1];
    OutputPump pump = new OutputPump(StreamName.STDOUT, new ByteArrayInputStream(input),
        new OutputBudget(Long.MAX_VALUE, () -> { }), (stream, seq, chunk) -> {
          assertThat(seq).isEqualTo(chunks.size() + 1L);
          chunks.add(chunk.bytes());
        }, () -> done[0] = true, e -> {
          throw e;
        });
    pump.go();
    pump.run();
    assertThat(done[0]).isTrue();
    return chunks;
  }
}
