package dev.rexd.bench.e2e;

import java.util.Arrays;

/**
 * Percentiles of a set of durations in nanoseconds.
 *
 * <pre>{@code
 * Stats s = Stats.of(samples);
 * s.p50() / 1e3;   // microseconds
 * }</pre>
 */
record Stats(long[] sorted) {
  static Stats of(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return new Stats(s);
  }

  double pct(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  double p50() {
    return pct(50);
  }

  double p99() {
    return pct(99);
  }

  double min() {
    return sorted.length == 0 ? Double.NaN : sorted[0];
  }

  int n() {
    return sorted.length;
  }
}
