package dev.rexd.core.exec;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the {@link Spawner} once per JVM: {@link DirectSpawner} where it works, else
 * {@link PortableSpawner}. The system property {@code rexd.spawn} overrides the choice:
 * {@code portable} forces the portable path; {@code auto} (or no value) lets the platform decide.
 *
 * <pre>{@code
 * Spawner s = Spawners.system();   // java -Drexd.spawn=portable ... to force ProcessBuilder + setsid
 * }</pre>
 */
final class Spawners {
  static final String PROPERTY = "rexd.spawn";
  private static final System.Logger LOG = System.getLogger(Spawners.class.getName());

  private Spawners() {}

  /** The spawner of this JVM, chosen on first use from {@code rexd.spawn} and the platform. */
  static Spawner system() {
    return Holder.INSTANCE;
  }

  /** The portable spawner through the system's {@code setsid} program. */
  static Spawner portable() {
    return new PortableSpawner(PortableSpawner.findSetsid());
  }

  /** The spawner {@code mode} (the property's value, or null) asks for on this platform. */
  static Spawner choose(@Nullable String mode) {
    String m = mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("portable")) {
      LOG.log(System.Logger.Level.DEBUG, "spawning through ProcessBuilder and setsid (" + PROPERTY + "=portable)");
      return portable();
    }
    if (!m.equals("auto")) {
      LOG.log(System.Logger.Level.WARNING, "ignoring " + PROPERTY + "=" + mode + " (use portable or auto)");
    }
    try {
      Spawner direct = DirectSpawner.create();
      LOG.log(System.Logger.Level.DEBUG, "spawning through posix_spawn");
      return direct;
    } catch (UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.INFO, "spawning through ProcessBuilder and setsid: posix_spawn unavailable, "
          + e.getMessage());
      return portable();
    }
  }

  /** Initialized on the first {@link #system()} call, once. */
  private static final class Holder {
    static final Spawner INSTANCE = choose(System.getProperty(PROPERTY));
  }
}
