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

  /**
   * Whether this feature runs processes or terminals. Those features close first, so that what
   * the others hold for a running process (the sandbox's {@code /tmp}, a recording) stays until
   * every process has ended.
   */
  default boolean runsProcesses() {
    return false;
  }

  /** Ends everything of this feature that must not outlive the session; called once, on close. */
  void close();
}
