package dev.rexd.core.exec;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Starts children, each in its own session and process group, through the {@code setsid} program:
 * the JVM's child is never a group leader, so {@code setsid} calls {@code setsid(2)} and execs the
 * command in place, and the child's pid is its group id. Without a {@code setsid} binary the child
 * is started directly and signalled as a process tree (see {@link ProcessGroup#tree}).
 *
 * {@code
 * Spawner spawner = new Spawner(Spawner.findSetsid());
 * Process p = spawner.spawn(request);
 * ProcessGroup group = spawner.groupOf(p);
 * }
 */
final class Spawner {
  private static final System.Logger LOG = System.getLogger(Spawner.class.getName());
  private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final @Nullable Path setsid;

  Spawner(@Nullable Path setsid) {
    this.setsid = setsid;
    if (setsid == null) {
      LOG.log(System.Logger.Level.WARNING, "no setsid program found: children share the server's process group"
          + " and are signalled one by one, grandchildren that left the tree may survive");
    }
  }

  /** The first executable {@code setsid} of {@code /usr/bin}, {@code /bin}, or null. */
  static @Nullable Path findSetsid() {
    for (Path p : SETSID) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Starts the child with all three standard streams on pipes (its group may form a moment later:
   * see {@link ProcessGroup#awaitFormed}). An exec failure is {@code -32602} with {@code not_found}, {@code permission_denied} or
   * {@code io_error}.
   */
  Process spawn(StartRequest r) {
    List<String> cmd = new ArrayList<>(r.commandLine().size() + 2);
    if (setsid != null) {
      // setsid runs execvp with the child's environment, which finds what ProgramLocator found
      cmd.add(setsid.toString());
      cmd.add("--");
      cmd.addAll(r.commandLine());
    } else {
      // the JVM would search the server's PATH, not the child's: give it the resolved program
      cmd.add(r.program().toString());
      cmd.addAll(r.commandLine().subList(1, r.commandLine().size()));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(r.cwd().toFile());
    pb.environment().clear();
    pb.environment().putAll(r.env());
    try {
      return ChildSignalMask.spawn(pb::start);
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      String reason = msg.contains("error=2,") || msg.contains("error=20,") ? Reasons.NOT_FOUND
          : msg.contains("error=13,") || msg.contains("error=8,") ? Reasons.PERMISSION_DENIED
          : Reasons.IO_ERROR;
      throw RexdException.invalidParams(reason, "cannot start " + r.commandLine().get(0) + ": " + msg)
          .with("program", r.commandLine().get(0));
    }
  }

  /** Where signals for {@code child} go. */
  ProcessGroup groupOf(Process child) {
    return setsid != null ? ProcessGroup.leader(child.pid()) : ProcessGroup.tree(child.toHandle());
  }
}
