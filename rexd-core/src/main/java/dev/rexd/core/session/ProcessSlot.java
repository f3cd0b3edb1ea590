package dev.rexd.core.session;

/**
 * One of a session's {@code max_processes_per_session} slots, held by a running process or
 * terminal and released exactly once when it ends.
 *
 * <pre>{@code
 * ProcessSlot slot = session.acquireProcessSlot(); // -32008 when all are taken
 * try { start(); } catch (RuntimeException e) { slot.release(); throw e; }
 * }</pre>
 */
public interface ProcessSlot {
  /** Gives the slot back; later calls do nothing. */
  void release();
}
