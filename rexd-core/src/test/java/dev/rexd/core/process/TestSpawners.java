package dev.rexd.core.process;

/** Spawners for tests in other packages that the public API does not offer. */
public final class TestSpawners {
  private TestSpawners() {}

  /** The portable spawner of a host without a {@code setsid} program. */
  public static Spawner portableWithoutSetsid() {
    return Spawners.withTerminals(new PortableSpawner(null));
  }
}
