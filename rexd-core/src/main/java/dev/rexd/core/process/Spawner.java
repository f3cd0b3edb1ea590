package dev.rexd.core.process;

/**
 * Starts children, each leading its own session and process group: the seam where a host or a
 * sandbox decides how a process starts, without touching the methods that use it. A spawner
 * receives a checked {@link ChildSpec} and must start exactly that, or fail at once with
 * {@code -32602} and {@code data.reason} ({@code not_found}, {@code permission_denied},
 * {@code invalid_argument} or {@code io_error}); a spec with a {@link ChildSpec#terminal()} runs
 * on a pseudo-terminal ({@code -32007 pty_unavailable} when this spawner has none).
 *
 * <pre>{@code
 * Spawner system = Spawners.system();
 * Spawner logged = spec -> { log(spec.argv()); return system.spawn(spec); };
 * RexdServer server = RexdServer.builder().spawner(logged).build();
 * }</pre>
 */
@FunctionalInterface
public interface Spawner {
  Child spawn(ChildSpec spec);

  /**
   * Whether {@link #spawn} of {@code spec} returns after a few system calls, with no helper
   * program or thread to wait for, so that a start may run on the thread that read the request.
   * False unless a spawner knows better.
   */
  default boolean spawnsAtOnce(ChildSpec spec) {
    return false;
  }
}
