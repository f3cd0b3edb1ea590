package dev.rexd.core.exec;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.sandbox.TestSandbox;
import java.util.List;

/**
 * The ways the server spawns children; the exec suites run against each (as a
 * {@code @ParameterizedClass} over this enum). The direct path is skipped, not failed, where this
 * JVM cannot use it (or runs with {@code -Drexd.spawn=portable}).
 */
enum SpawnPath {
  DIRECT {
    @Override
    Spawner spawner() {
      assumeTrue(Spawners.usesPosixSpawn(), "posix_spawn is not this JVM's spawn path");
      return Spawners.system();
    }
  },
  PORTABLE {
    @Override
    Spawner spawner() {
      return Spawners.portable();
    }
  },
  /** The system's spawner inside a bubblewrap sandbox; skipped where this host cannot sandbox. */
  SANDBOXED {
    @Override
    Spawner spawner() {
      return TestSandbox.spawnerOrSkip();
    }
  };

  abstract Spawner spawner();

  /** A process service over this path's spawner. */
  ProcessService service(ProcessPolicy policy) {
    Spawner s = spawner();
    return new ProcessService(policy, () -> s, List.of());
  }
}
