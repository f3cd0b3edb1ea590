package dev.rexd.client;

import dev.rexd.api.exec.StreamName;
import dev.rexd.api.rpc.OutputEventFrames;
import dev.rexd.bench.jmh.BytesCounter;
import dev.rexd.bench.jmh.EventCodecBench;
import dev.rexd.core.process.ChunkEncoder;
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
 * rexd-client's read of one output event line, as its transport hands it over (bytes): one
 * streaming-parser pass, the data unescaped or base64-decoded straight from the frame
 * ({@code OutputEventReader}), next to {@link EventCodecBench}'s {@code clientEvent*} paths on the
 * same lines. It sits in rexd-client's package to reach the package-private reader.
 *
 * <pre>{@code
 * bin/rexd-bench --jmh 'EventCodecBench.client|OutputEventReaderBench'
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OutputEventReaderBench {
  @Param({"4096", "65536"})
  public int chunkBytes;

  @Param({"text", "utf8", "random"})
  public String content;

  private byte[] line;
  private int size;

  @Setup
  public void setup() {
    ChunkEncoder.Chunk c = EventCodecBench.chunk(content, chunkBytes);
    size = c.bytes().length;
    line = OutputEventFrames.exec(StreamName.STDOUT, "sess_ae8d49a067a4916687384b2c", "p_42", 7, c.bytes(),
        c.encoding());
  }

  @Benchmark
  public void clientEventBytes(BytesCounter counter, Blackhole bh) {
    bh.consume(OutputEventReader.read(line, 0, line.length));
    counter.bytes += size;
  }
}
