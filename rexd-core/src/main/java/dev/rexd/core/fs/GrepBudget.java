package dev.rexd.core.fs;

/**
 * The time a search may take, checked between files and lines and, through {@link #text}, inside a
 * regular expression match, so a pattern that backtracks for ever on one long line still stops.
 *
 * <pre>{@code
 * GrepBudget budget = GrepBudget.startingNow(Duration.ofSeconds(10));
 * if (budget.spent()) { ... stop, truncated ... }
 * pattern.matcher(budget.text(line)).find();   // throws GrepBudget.Spent when time runs out
 * }</pre>
 */
final class GrepBudget {
  /** Thrown out of a regex match that ran past the budget. */
  static final class Spent extends RuntimeException {
    Spent() {
      super("time budget spent", null, false, false);
    }
  }

  private static final int CHARS_BETWEEN_CHECKS = 4096;

  private final long deadline;
  private boolean spent;

  private GrepBudget(long deadline) {
    this.deadline = deadline;
  }

  static GrepBudget startingNow(java.time.Duration budget) {
    return new GrepBudget(System.nanoTime() + budget.toNanos());
  }

  /** Whether the time is up; once true, stays true. */
  boolean spent() {
    if (!spent && System.nanoTime() - deadline >= 0) {
      spent = true;
    }
    return spent;
  }

  /** {@code line} as a sequence whose reads throw {@link Spent} once the time is up. */
  CharSequence text(String line) {
    return new Checked(line, 0, line.length());
  }

  /** Reads check the clock every few thousand characters. */
  private final class Checked implements CharSequence {
    private final String text;
    private final int start;
    private final int end;
    private int reads;

    Checked(String text, int start, int end) {
      this.text = text;
      this.start = start;
      this.end = end;
    }

    @Override
    public char charAt(int index) {
      if (++reads == CHARS_BETWEEN_CHECKS) {
        reads = 0;
        if (spent()) {
          throw new Spent();
        }
      }
      return text.charAt(start + index);
    }

    @Override
    public int length() {
      return end - start;
    }

    @Override
    public CharSequence subSequence(int from, int to) {
      return new Checked(text, start + from, start + to);
    }

    @Override
    public String toString() {
      return text.substring(start, end);
    }
  }
}
