package dev.rexd.bench.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's one table: each figure next to its floor measured in the same run, their ratio,
 * the target and whether it was reached. Printed as Markdown so it can be pasted into
 * {@code docs/performance.md} as is.
 *
 * <pre>{@code
 * table.add(Table.row("2", "fs.stat p50", "stdio", "61.0 µs", "pipe echo (cat)", "30.5 µs", 2.0, "≤ 2×", true));
 * table.print(System.out);
 * }</pre>
 */
final class Table {
  /** One line of the table; {@code ratio} is NaN when there is none, {@code reached} null when no target applies. */
  record Row(String no, String figure, String transport, String value, String floor, String floorValue,
      double ratio, String target, Boolean reached) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  static Row row(String no, String figure, String transport, String value, String floor, String floorValue,
      double ratio, String target, Boolean reached) {
    return new Row(no, figure, transport, value, floor, floorValue, ratio, target, reached);
  }

  void add(Row r) {
    rows.add(r);
    System.err.println("  " + r.figure() + " [" + r.transport() + "] " + r.value()
        + (r.floor().isEmpty() ? "" : "   floor " + r.floor() + " " + r.floorValue())
        + (Double.isNaN(r.ratio()) ? "" : String.format("   %.2f×", r.ratio())));
  }

  void note(String n) {
    notes.add(n);
    System.err.println("  note: " + n);
  }

  void print(PrintStream out) {
    out.println("| # | figure | transport | measured | floor | floor measured | ratio | target | reached |");
    out.println("|---|---|---|---:|---|---:|---:|---|---|");
    for (Row r : rows) {
      out.println("| " + r.no() + " | " + r.figure() + " | " + r.transport() + " | " + r.value() + " | " + r.floor()
          + " | " + r.floorValue() + " | " + (Double.isNaN(r.ratio()) ? "" : String.format("%.2f×", r.ratio()))
          + " | " + r.target() + " | " + (r.reached() == null ? "" : r.reached() ? "yes" : "**no**") + " |");
    }
    if (!notes.isEmpty()) {
      out.println();
      for (String n : notes) {
        out.println("- " + n);
      }
    }
  }
}
