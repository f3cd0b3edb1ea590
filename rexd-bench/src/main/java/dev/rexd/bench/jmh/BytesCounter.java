package dev.rexd.bench.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A JMH auxiliary counter: benchmarks add the bytes they processed, and JMH reports them per second
 * next to the operations, so throughput reads directly as bytes/s.
 *
 * <pre>{@code
 * @Benchmark public void read(BytesCounter c) { c.bytes += n; }
 * }</pre>
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class BytesCounter {
  /** Bytes processed; reported as bytes per second. */
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    bytes = 0;
  }
}
