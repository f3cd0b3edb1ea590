package dev.rexd.core.exec;

import dev.rexd.core.Limits;
import dev.rexd.core.session.Session;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test class once per spawn path (direct {@code posix_spawn} and portable), each test with
 * a fresh {@link ExecFixture} and an open session {@code s} in a temporary root.
 */
@ParameterizedClass
@EnumSource(SpawnPath.class)
abstract class OnEverySpawnPath {
  @Parameter
  SpawnPath path;

  @TempDir
  Path root;

  ExecFixture fx;
  Session s;

  /** The limits of this class's sessions. */
  Limits limits() {
    return Limits.defaults();
  }

  @BeforeEach
  void openSession() {
    fx = new ExecFixture(root, path, limits());
    s = fx.open("s1");
  }

  @AfterEach
  void closeFixture() {
    fx.close();
  }
}
