package dev.rexd.bench.jmh;

import dev.rexd.core.process.ChunkEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Output chunking: {@link ChunkEncoder#feed} over one 64 KiB pump read (validating UTF-8, carrying
 * split characters), and {@code feed + data()}, which also builds the wire string (a String for
 * {@code utf8}, base64 for anything else) as the exec event path does today.
 *
 * <pre>{@code
 * bin/rexd-bench --jmh ChunkBench
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChunkBench {
  private static final int READ_BYTES = 64 * 1024;

  /** ascii: log-like text; utf8: mixed multi-byte text; random: bytes that go out as base64. */
  @Param({"ascii", "utf8", "random"})
  public String content;

  private byte[] buf;
  private ChunkEncoder encoder;

  @Setup
  public void setup() {
    buf = content(content, READ_BYTES + 7);
    encoder = new ChunkEncoder();
  }

  /** {@code READ_BYTES + 7} bytes of the given kind (the odd tail splits characters across reads). */
  public static byte[] content(String kind, int size) {
    byte[] out = new byte[size];
    if (kind.equals("random")) {
      new Random(42).nextBytes(out);
      return out;
    }
    String unit = kind.equals("ascii")
        ? "2026-11-23T15:44:26Z INFO  [main] dev.rexd.core.RexdServer started in 42 ms\n"
        : "grüße, 世界! — naïve café ✓ 🚀 log line\n";
    byte[] u = unit.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < size; i++) {
      out[i] = u[i % u.length];
    }
    return out;
  }

  @Benchmark
  public void feed(BytesCounter counter, Blackhole bh) {
    bh.consume(encoder.feed(buf, 0, READ_BYTES));
    counter.bytes += READ_BYTES;
  }

  @Benchmark
  public void feedAndData(BytesCounter counter, Blackhole bh) {
    ChunkEncoder.Chunk c = encoder.feed(buf, 0, READ_BYTES);
    if (c != null) {
      bh.consume(c.data());
    }
    counter.bytes += READ_BYTES;
  }
}
