package dev.rexd.core.process;

import dev.rexd.core.policy.OpenDirectory;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One child ready to run, checked and resolved: what a {@link Spawner} starts. Every check (roots,
 * shell switch, command policy) has passed by the time a spec exists; a spawner only starts it.
 *
 * <pre>{@code
 * ChildSpec spec = new ChildSpec(List.of("make", "test"), Path.of("/usr/bin/make"), cwd, env, null);
 * Child child = spawner.spawn(spec);                         // pipes
 * Child term = spawner.spawn(spec.onTerminal(new TerminalSize(120, 32)));   // a pseudo-terminal
 * }</pre>
 *
 * @param argv the argument vector the program sees, {@code argv[0]} as the caller gave it
 * @param program the file to execute (absolute, resolved)
 * @param cwd the working directory (absolute, checked)
 * @param env the complete environment of the child
 * @param terminal the initial size of a pseudo-terminal to run on, or null for three pipes
 * @param session the session the child belongs to (its roots, its per-session state such as a
 *     sandbox's {@code /tmp}), or null for a child of the server itself
 * @param directory the checked cwd held open by descriptor, or null: when given, the child must
 *     start in exactly that directory ({@code fchdir} to its descriptor, or its
 *     {@link OpenDirectory#procPath()}), never by looking {@code cwd} up again, which a swapped
 *     symlink could redirect; it stays open until {@link Spawner#spawn} returns
 */
public record ChildSpec(List<String> argv, Path program, Path cwd, Map<String, String> env,
    @Nullable TerminalSize terminal, @Nullable Session session, @Nullable OpenDirectory directory) {

  public ChildSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
  }

  /** A child of the server itself, in no session, started in {@code cwd} by path. */
  public ChildSpec(List<String> argv, Path program, Path cwd, Map<String, String> env,
      @Nullable TerminalSize terminal) {
    this(argv, program, cwd, env, terminal, null, null);
  }

  /** A child of {@code session}, started in {@code cwd} by path. */
  public ChildSpec(List<String> argv, Path program, Path cwd, Map<String, String> env,
      @Nullable TerminalSize terminal, @Nullable Session session) {
    this(argv, program, cwd, env, terminal, session, null);
  }

  /** The same child on a pseudo-terminal of this size. */
  public ChildSpec onTerminal(TerminalSize size) {
    return new ChildSpec(argv, program, cwd, env, size, session, directory);
  }

  /** The same child (cwd, environment, terminal, session) running another command line instead. */
  public ChildSpec runningInstead(List<String> commandLine, Path executable) {
    return new ChildSpec(commandLine, executable, cwd, env, terminal, session, directory);
  }

  /** The same child, started in this open directory. */
  public ChildSpec inDirectory(OpenDirectory dir) {
    return new ChildSpec(argv, program, cwd, env, terminal, session, dir);
  }

  /** Where a spawner that takes a path starts the child: the open directory's {@code /proc} path, or cwd. */
  public Path startDirectory() {
    return directory == null ? cwd : directory.procPath();
  }
}
