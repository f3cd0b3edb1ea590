package dev.rexd.core.policy;

import dev.rexd.core.fd.Dir;
import java.nio.file.Path;

/**
 * A directory checked by the root policy and held open by an {@code O_PATH | O_CLOEXEC}
 * descriptor, from {@link RootPolicy#openDirectory}. The descriptor stays on the directory that
 * was checked even if its path is renamed or replaced by a symlink afterwards, so a child started
 * with {@code fchdir(fd())} (or, for an API that takes a path, {@link #procPath()}) runs there and
 * nowhere else. Keep it open until the child has started; close it once.
 *
 * <pre>{@code
 * try (OpenDirectory cwd = session.policy().openDirectory(params.cwd(), session.cwd())) {
 *   posix_spawn_file_actions_addfchdir_np(actions, cwd.fd());   // or pty4j: cwd.procPath()
 *   spawn(...);
 * }
 * }</pre>
 */
public final class OpenDirectory implements AutoCloseable {
  private final Dir dir;

  OpenDirectory(Dir dir) {
    this.dir = dir;
  }

  /** The {@code O_PATH} descriptor ({@code O_CLOEXEC} set); valid until {@link #close}. */
  public int fd() {
    return dir.fd();
  }

  /** The real path that was checked, for messages and results; not for opening again. */
  public Path path() {
    return dir.path();
  }

  /**
   * {@code /proc/<this process's pid>/fd/<fd>}: opening or {@code chdir}-ing to it reaches exactly
   * the directory held open, for code that takes a path (pty4j). Valid while this is open, and
   * only on Linux with {@code /proc} mounted.
   */
  public Path procPath() {
    return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd", Integer.toString(fd()));
  }

  @Override
  public void close() {
    dir.close();
  }
}
