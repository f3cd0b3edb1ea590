package dev.rexd.core.process;

import java.util.List;

/**
 * Where the server's signals for one child go: its process group, or for a terminal every
 * process group of its Unix session. A spawner that isolates children differently (a sandbox)
 * supplies its own.
 *
 * <pre>{@code
 * ProcessGroup g = ProcessGroup.leader(child.pid());
 * g.signal(Signals.TERM);
 * boolean left = g.alive();
 * }</pre>
 */
public interface ProcessGroup {
  /** Sends {@code signal} to every member; false when nothing was there to receive it. */
  boolean signal(int signal);

  /** Whether any member is still running (zombies do not count). */
  boolean alive();

  /** The signals that ask the members to end, in order, before KILL follows: TERM by default. */
  default List<Integer> endSignals() {
    return List.of(Signals.TERM);
  }

  /** The group a child in its own session leads: its id is the child's pid. */
  static ProcessGroup leader(long pgid) {
    return new LeaderGroup(pgid);
  }

  /**
   * Every process group of the Unix session {@code sid} (a terminal's program leads one, and an
   * interactive shell puts its jobs in groups of their own); ended with HUP, then TERM.
   */
  static ProcessGroup unixSession(long sid) {
    return new UnixSessionGroups(sid);
  }

  /** The child and its descendants one by one, for children started without {@code setsid}. */
  static ProcessGroup tree(ProcessHandle child) {
    return new TreeGroup(child);
  }
}
