package dev.rexd.core.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The cgroup of one sandbox: made with its limits written before the sandbox starts, joined by
 * the launcher before it runs {@code bwrap} (so every process of the sandbox is in it from the
 * first), removed once the sandbox ended.
 *
 * <pre>{@code
 * SandboxCgroup cg = parent.create(settings);
 * String join = "echo $$ > " + cg.procs();   // in the launcher, before exec bwrap
 * child.exit().thenRun(cg::remove);
 * }</pre>
 */
final class SandboxCgroup {
  private static final System.Logger LOG = System.getLogger(SandboxCgroup.class.getName());
  /** The kernel takes an exited process out of its cgroup shortly after it is reaped. */
  private static final int REMOVE_ATTEMPTS = 50;
  private static final long REMOVE_PAUSE_NANOS = 20_000_000L;

  private final Path dir;

  SandboxCgroup(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The file a process writes its pid to, to join. */
  Path procs() {
    return dir.resolve("cgroup.procs");
  }

  void write(String file, String value) throws IOException {
    Files.writeString(dir.resolve(file), value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
        StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Removes the (empty) cgroup, waiting briefly while its last processes are still leaving. */
  void remove() {
    for (int attempt = 1; ; attempt++) {
      try {
        Files.deleteIfExists(dir);
        return;
      } catch (IOException e) {
        if (attempt == REMOVE_ATTEMPTS) {
          LOG.log(System.Logger.Level.WARNING, "could not remove the sandbox cgroup " + dir + ": " + e);
          return;
        }
        LockSupport.parkNanos(REMOVE_PAUSE_NANOS);
      }
    }
  }
}
