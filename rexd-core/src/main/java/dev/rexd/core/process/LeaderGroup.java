package dev.rexd.core.process;

/**
 * The process group a child leads from its start ({@code setsid}): signals go to
 * {@code -pgid}, and it is alive while a member that is not a zombie runs.
 *
 * <pre>{@code
 * ProcessGroup g = new LeaderGroup(pid);
 * }</pre>
 */
final class LeaderGroup implements ProcessGroup {
  private final long pgid;

  LeaderGroup(long pgid) {
    this.pgid = pgid;
  }

  @Override
  public boolean signal(int signal) {
    return GroupSignals.signal(pgid, signal);
  }

  @Override
  public boolean alive() {
    // an unreaped zombie still answers a signal: ask /proc where there is one
    return GroupSignals.exists(pgid) && (!ProcTable.available() || ProcTable.groupRunning(pgid));
  }
}
