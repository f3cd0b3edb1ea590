package dev.rexd.core.session;

import dev.rexd.api.session.ProcessSummary;
import dev.rexd.api.session.PtySummary;
import java.util.List;

/**
 * Per-session state a feature keeps (its processes, its terminals), created on first use through
 * {@link Session#feature} and closed with the session.
 *
 * <pre>{@code
 * ProcessTable table = session.feature(ProcessTable.class, () -> new ProcessTable(terminator));
 * }</pre>
 */
public interface SessionFeature {

  /** The processes this feature lists in {@code session.info}. */
  default List<ProcessSummary> processes() {
    return List.of();
  }

  /** The terminals this feature lists in {@code session.info}. */
  default List<PtySummary> ptys() {
    return List.of();
  }

  /** Ends everything of this feature that must not outlive the session; called once, on close. */
  void close();
}
