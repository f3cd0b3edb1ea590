package dev.rexd.core.process;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The spawners this server has. {@link #system()} starts children on pipes through
 * {@link DirectSpawner} ({@code posix_spawn} through JNA) where it works, else through
 * {@link PortableSpawner} ({@code ProcessBuilder} and the {@code setsid} program), and on
 * terminals through pty4j when it is on the class path. The system property {@code rexd.spawn}
 * overrides the pipe choice: {@code portable} forces the portable path; {@code auto} (or no
 * value) lets the platform decide.
 *
 * <pre>{@code
 * Spawner s = Spawners.system();   // java -Drexd.spawn=portable ... to force ProcessBuilder + setsid
 * }</pre>
 */
public final class Spawners {
  static final String PROPERTY = "rexd.spawn";
  private static final String PTY4J = "com.pty4j.PtyProcessBuilder";
  private static final System.Logger LOG = System.getLogger(Spawners.class.getName());

  private Spawners() {}

  /** The spawner of this JVM, chosen on first use from {@code rexd.spawn} and the platform. */
  public static Spawner system() {
    return Holder.INSTANCE;
  }

  /** Pipes through {@code ProcessBuilder} and the system's {@code setsid}; terminals as {@link #system()}. */
  public static Spawner portable() {
    return withTerminals(portablePipes());
  }

  /** Whether {@link #system()} starts piped children through {@code posix_spawn}. */
  public static boolean usesPosixSpawn() {
    return Holder.PIPES instanceof DirectSpawner;
  }

  /** Whether this JVM can start terminals at all: pty4j is on the class path. */
  public static boolean terminalsPresent() {
    try {
      Class.forName(PTY4J, false, Spawners.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The spawner of piped children {@code mode} (the property's value, or null) asks for here. */
  static Spawner choosePipes(@Nullable String mode) {
    String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("portable")) {
      LOG.log(System.Logger.Level.DEBUG, "spawning through ProcessBuilder and setsid (" + PROPERTY + "=portable)");
      return portablePipes();
    }
    if (!m.equals("auto")) {
      LOG.log(System.Logger.Level.WARNING, "ignoring " + PROPERTY + "=" + mode + " (use portable or auto)");
    }
    try {
      Spawner direct = DirectSpawner.create();
      LOG.log(System.Logger.Level.DEBUG, "spawning through posix_spawn");
      return direct;
    } catch (UnsupportedOperationException | LinkageError e) {
      LOG.log(System.Logger.Level.INFO, "spawning through ProcessBuilder and setsid: posix_spawn unavailable, "
          + e.getMessage());
      return portablePipes();
    }
  }

  static Spawner portablePipes() {
    return new PortableSpawner(PortableSpawner.findSetsid());
  }

  /** {@code pipes} for piped children, pty4j (when present) for children on terminals. */
  static Spawner withTerminals(Spawner pipes) {
    Spawner terminals = terminalsPresent() ? new PtySpawner() : spec -> {
      throw noTerminals();
    };
    return new PipesAndTerminals(pipes, terminals);
  }

  /** Each child to the spawner of its kind. */
  private record PipesAndTerminals(Spawner pipes, Spawner terminals) implements Spawner {
    @Override
    public Child spawn(ChildSpec spec) {
      return of(spec).spawn(spec);
    }

    @Override
    public boolean spawnsAtOnce(ChildSpec spec) {
      return of(spec).spawnsAtOnce(spec);
    }

    private Spawner of(ChildSpec spec) {
      return spec.terminal() == null ? pipes : terminals;
    }
  }

  /** {@code -32007 pty_unavailable}. */
  static RexdException noTerminals() {
    return RexdException.of(ErrorCode.UNSUPPORTED_CAPABILITY, Reasons.PTY_UNAVAILABLE,
        "pseudo-terminals are not available on this host");
  }

  /** Initialized on the first {@link #system()} call, once. */
  private static final class Holder {
    static final Spawner PIPES = choosePipes(System.getProperty(PROPERTY));
    static final Spawner INSTANCE = withTerminals(PIPES);
  }
}
