package dev.rexd.core.process;

import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The portable {@link Spawner}: {@link ProcessBuilder} through the {@code setsid} program. The
 * JVM's child is never a group leader, so {@code setsid} calls {@code setsid(2)} and execs the
 * command in place, and the child's pid is its group id. Without a {@code setsid} binary the child
 * is started directly and signalled as a process tree (see {@link ProcessGroup#tree}). SIGQUIT is
 * unblocked for the spawn (see {@link ChildSignalMask}), and signals the server ignores are reset
 * (see {@link InheritedSignals}).
 *
 * <p>Limits: two execs per start (the JDK's helper, then {@code setsid}; three with {@code env});
 * the program sees the resolved path as {@code argv[0]}, not the name it was started by; and the
 * JDK reports a signal death as exit value {@code 128 + n}, so {@link ChildExit} cannot tell it
 * from an exit code.
 *
 * <pre>{@code
 * Spawner spawner = new PortableSpawner(PortableSpawner.findSetsid());
 * Child child = spawner.spawn(spec);
 * }</pre>
 */
final class PortableSpawner implements Spawner {
  private static final System.Logger LOG = System.getLogger(PortableSpawner.class.getName());
  private static final long FORM_WAIT_NANOS = 5_000_000_000L;
  private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

  private final @Nullable Path setsid;

  PortableSpawner(@Nullable Path setsid) {
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
   * Starts the child (its group may form a moment later: see {@link Child#awaitGroup}). An exec
   * failure is {@code -32602} with {@code not_found}, {@code permission_denied} or {@code io_error}.
   */
  @Override
  public Child spawn(ChildSpec spec) {
    if (spec.terminal() != null) {
      throw Spawners.noTerminals();
    }
    List<String> argv = spec.argv();
    List<String> cmd = new ArrayList<>(InheritedSignals.resetCommand());
    if (setsid != null) {
      cmd.add(setsid.toString());
      cmd.add("--");
    }
    // the resolved program, not argv[0] again: neither the JDK nor setsid can pass argv[0] apart
    cmd.add(spec.program().toString());
    cmd.addAll(argv.subList(1, argv.size()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(spec.startDirectory().toFile());
    pb.environment().clear();
    pb.environment().putAll(spec.env());
    Process process;
    try {
      process = ChildSignalMask.spawn(pb::start);
    } catch (IOException e) {
      String msg = String.valueOf(e.getMessage());
      String reason = msg.contains("error=2,") || msg.contains("error=20,") ? Reasons.NOT_FOUND
          : msg.contains("error=13,") || msg.contains("error=8,") ? Reasons.PERMISSION_DENIED
          : Reasons.IO_ERROR;
      throw RexdException.invalidParams(reason, "cannot start " + argv.get(0) + ": " + msg)
          .with("program", argv.get(0));
    }
    ProcessGroup group = setsid != null ? ProcessGroup.leader(process.pid()) : ProcessGroup.tree(process.toHandle());
    return new PortableChild(process, group, setsid != null,
        process.onExit().thenApply(p -> ChildExit.jdkExitValue(p.exitValue())));
  }

  /** A child started by {@link ProcessBuilder}; the JDK reaps it and closes its stdin when it exits. */
  private record PortableChild(Process process, ProcessGroup group, boolean leadsGroup,
      CompletableFuture<ChildExit> exit) implements Child {
    @Override
    public long pid() {
      return process.pid();
    }

    /**
     * Waits until {@code setsid} formed the group, or the child ended: as long as the exec of
     * {@code setsid} takes, well under a millisecond usually.
     */
    @Override
    public void awaitGroup() {
      if (!leadsGroup) {
        return;
      }
      long deadline = System.nanoTime() + FORM_WAIT_NANOS;
      while (!GroupSignals.exists(process.pid()) && process.isAlive()) {
        if (System.nanoTime() > deadline) {
          LOG.log(System.Logger.Level.WARNING, "process " + process.pid() + " did not form its process group");
          return;
        }
        LockSupport.parkNanos(20_000);
      }
    }

    @Override
    public OutputStream stdin() {
      return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
      return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
      return process.getErrorStream();
    }
  }
}
