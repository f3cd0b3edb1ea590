package dev.rexd.core.exec;

/**
 * Starts children, each in its own session and process group, with all three standard streams on
 * pipes. {@link Spawners#system()} picks the implementation once per JVM: {@link DirectSpawner}
 * ({@code posix_spawn} through JNA) where it works, else {@link PortableSpawner}
 * ({@code ProcessBuilder} and the {@code setsid} program).
 *
 * <pre>{@code
 * Spawner spawner = Spawners.system();
 * Child child = spawner.spawn(request);   // -32602 not_found, permission_denied, ... when it cannot start
 * }</pre>
 */
interface Spawner {
  /**
   * Starts {@code r}'s command line, or fails at once with {@code -32602} and {@code data.reason}
   * ({@code not_found}, {@code permission_denied}, {@code invalid_argument} or {@code io_error}).
   */
  Child spawn(StartRequest r);
}
