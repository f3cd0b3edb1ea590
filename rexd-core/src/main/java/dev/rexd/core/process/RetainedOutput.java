package dev.rexd.core.process;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide bound on retained output ({@code max_retained_bytes}, protocol section 9.1):
 * counts every byte any {@link OutputHistory} keeps and, past the bound, drops the history of the
 * process that ended first, then the next; when only running processes are left, the history
 * that is growing drops its own oldest chunks. Thread-safe.
 *
 * <pre>{@code
 * RetainedOutput retained = new RetainedOutput(256L << 20);
 * OutputHistory h = new OutputHistory(8 << 20, retained);
 * retained.ended(h);   // when its process ended: first to go when the bound is passed
 * }</pre>
 */
final class RetainedOutput {
  private final long max;
  private final AtomicLong total = new AtomicLong();
  private final ArrayDeque<OutputHistory> ended = new ArrayDeque<>();

  RetainedOutput(long max) {
    this.max = max;
  }

  /** Bytes retained now, by every history together. */
  long total() {
    return total.get();
  }

  /** {@code history} kept {@code n} more bytes (net); past the bound, older output goes. */
  void added(long n, OutputHistory history) {
    if (total.addAndGet(n) <= max) {
      return;
    }
    while (total.get() > max) {
      OutputHistory oldest;
      synchronized (this) {
        oldest = ended.pollFirst();
      }
      if (oldest == null) {
        break;
      }
      oldest.close();
    }
    long over = total.get() - max;
    if (over > 0) {
      released(history.trimTo(Math.max(0, history.retainedBytes() - over)));
    }
  }

  /** {@code n} bytes are no longer retained. */
  void released(long n) {
    total.addAndGet(-n);
  }

  /** The process of {@code history} ended: its output may now go first. */
  synchronized void ended(OutputHistory history) {
    ended.addLast(history);
  }

  /** Forgets an ended history that was closed some other way. */
  synchronized void forget(OutputHistory history) {
    ended.remove(history);
  }
}
