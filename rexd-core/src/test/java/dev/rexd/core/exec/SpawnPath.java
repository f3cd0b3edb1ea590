package dev.rexd.core.exec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The two ways the server spawns children; the exec suites run against both (as a
 * {@code @ParameterizedClass} over this enum). The direct path is skipped, not failed, where this
 * JVM cannot use it (or runs with {@code -Drexd.spawn=portable}).
 */
enum SpawnPath {
  DIRECT {
    @Override
    Spawner spawner() {
      Spawner s = Spawners.system();
      assumeTrue(s instanceof DirectSpawner, "posix_spawn is not this JVM's spawn path");
      return s;
    }
  },
  PORTABLE {
    @Override
    Spawner spawner() {
      return Spawners.portable();
    }
  };

  abstract Spawner spawner();

  /** A service over this path's spawner. */
  ExecService service(ExecPolicy policy) {
    return new ExecService(policy, spawner());
  }
}
