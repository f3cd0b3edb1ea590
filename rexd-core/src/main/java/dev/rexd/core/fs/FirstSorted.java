package dev.rexd.core.fs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Keeps the first {@code limit} distinct items in sorted order out of any number offered, and
 * remembers whether more were offered: what {@code max_entries} / {@code max_matches} need, in
 * bounded memory.
 *
 * <pre>{@code
 * FirstSorted<String> first = new FirstSorted<>(Comparator.naturalOrder(), 2);
 * List.of("c", "a", "b").forEach(first::add);
 * first.items();      // [a, b]
 * first.truncated();  // true
 * }</pre>
 */
final class FirstSorted<T> {
  private final TreeSet<T> items;
  private final int limit;
  private boolean truncated;

  /** {@code limit <= 0} keeps everything. */
  FirstSorted(Comparator<? super T> order, int limit) {
    this.items = new TreeSet<>(order);
    this.limit = limit;
  }

  void add(T item) {
    if (items.add(item) && limit > 0 && items.size() > limit) {
      items.pollLast();
      truncated = true;
    }
  }

  List<T> items() {
    return new ArrayList<>(items);
  }

  boolean truncated() {
    return truncated;
  }
}
