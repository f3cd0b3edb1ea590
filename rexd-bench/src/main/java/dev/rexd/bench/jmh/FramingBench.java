package dev.rexd.bench.jmh;

import dev.rexd.transport.stdio.NdjsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * NDJSON framing: {@link NdjsonReader} splitting an 8 MiB in-memory stream into lines (and decoding
 * each to a String, as the stdio transport does). {@code lineBytes} is the typical frame size:
 * a small request, a 4 KiB event, a 64 KiB event (one full pump read).
 *
 * <pre>{@code
 * bin/rexd-bench --jmh FramingBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingBench {
  private static final int STREAM_BYTES = 8 << 20;

  @Param({"160", "4096", "65536"})
  public int lineBytes;

  private byte[] stream;

  @Setup
  public void setup() {
    String prefix = "{\"jsonrpc\":\"2.0\",\"method\":\"exec.stdout\",\"params\":{\"data\":\"";
    String suffix = "\"}}\n";
    StringBuilder line = new StringBuilder(prefix);
    while (line.length() < lineBytes - suffix.length()) {
      line.append("lorem ipsum dolor sit amet ");
    }
    line.setLength(lineBytes - suffix.length());
    line.append(suffix);
    byte[] one = line.toString().getBytes(StandardCharsets.UTF_8);
    int n = Math.max(1, STREAM_BYTES / one.length);
    stream = new byte[n * one.length];
    for (int i = 0; i < n; i++) {
      System.arraycopy(one, 0, stream, i * one.length, one.length);
    }
  }

  @Benchmark
  public void readAllLines(BytesCounter counter, Blackhole bh) throws IOException {
    NdjsonReader r = new NdjsonReader(new ByteArrayInputStream(stream), 16 << 20);
    for (NdjsonReader.Line l; (l = r.next()) != null; ) {
      bh.consume(l.text());
    }
    counter.bytes += stream.length;
  }
}
