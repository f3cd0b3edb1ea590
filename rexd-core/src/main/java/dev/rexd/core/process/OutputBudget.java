package dev.rexd.core.process;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code max_output_bytes} of one process, shared by its stdout and stderr pumps: grants bytes
 * until the limit, and runs {@code onExceeded} once, when a byte beyond it arrives.
 *
 * <pre>{@code
 * OutputBudget budget = new OutputBudget(1 << 20, process::truncate);
 * int deliver = budget.grant(n);   // < n once the limit is reached
 * }</pre>
 */
final class OutputBudget {
  private final long limit;
  private final Runnable onExceeded;
  private final AtomicLong used = new AtomicLong();
  private final AtomicBoolean exceeded = new AtomicBoolean();
  private volatile boolean closed;

  OutputBudget(long limit, Runnable onExceeded) {
    this.limit = limit;
    this.onExceeded = onExceeded;
  }

  /** How many of the next {@code n} bytes may be delivered: none once closed. */
  int grant(int n) {
    if (closed) {
      return 0;
    }
    long before;
    int granted;
    do {
      before = used.get();
      granted = (int) Math.min(n, limit - before);
    } while (granted > 0 && !used.compareAndSet(before, before + granted));
    if (granted < n && exceeded.compareAndSet(false, true)) {
      onExceeded.run();
    }
    return Math.max(granted, 0);
  }

  /** Grants nothing from now on, and never runs {@code onExceeded} (the process has ended). */
  void close() {
    closed = true;
  }

  /** Whether output beyond the limit was produced (and cut). */
  boolean exceeded() {
    return exceeded.get();
  }
}
