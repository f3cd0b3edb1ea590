package dev.rexd.core.process;

import java.util.List;
import java.util.Set;

/**
 * Every process group of one Unix session, as a terminal's program leads it (pty4j calls
 * {@code setsid}, so the session id is the program's pid, and an interactive shell puts each job
 * in a group of its own). Members are found in {@code /proc}; without it, only the leader's own
 * group is signalled.
 *
 * <pre>{@code
 * ProcessGroup g = new UnixSessionGroups(terminalPid);
 * g.endSignals();   // HUP, then TERM
 * }</pre>
 */
final class UnixSessionGroups implements ProcessGroup {
  private final long sid;

  UnixSessionGroups(long sid) {
    this.sid = sid;
  }

  @Override
  public boolean signal(int signal) {
    boolean any = false;
    for (long pgid : groups()) {
      any |= GroupSignals.signal(pgid, signal);
    }
    return any;
  }

  @Override
  public boolean alive() {
    return !groups().isEmpty();
  }

  @Override
  public List<Integer> endSignals() {
    return List.of(Signals.HUP, Signals.TERM);
  }

  private Set<Long> groups() {
    Set<Long> groups = ProcTable.runningGroupsOfSession(sid);
    if (groups == null) {
      return GroupSignals.exists(sid) ? Set.of(sid) : Set.of();
    }
    return groups;
  }
}
