package dev.rexd.core.process;

import java.util.ArrayList;
import java.util.List;

/**
 * A child started without {@code setsid}, which shares the server's process group: signals go to
 * the child and its descendants one by one (TERM for every signal but KILL), a best effort that
 * misses descendants already reparented away.
 *
 * <pre>{@code
 * ProcessGroup g = new TreeGroup(process.toHandle());
 * }</pre>
 */
final class TreeGroup implements ProcessGroup {
  private final ProcessHandle child;

  TreeGroup(ProcessHandle child) {
    this.child = child;
  }

  @Override
  public boolean signal(int signal) {
    List<ProcessHandle> members = new ArrayList<>(child.descendants().toList());
    members.add(0, child);
    boolean any = false;
    for (ProcessHandle h : members) {
      any |= GroupSignals.destroy(h, signal);
    }
    return any;
  }

  @Override
  public boolean alive() {
    return child.isAlive() || child.descendants().anyMatch(ProcessHandle::isAlive);
  }
}
