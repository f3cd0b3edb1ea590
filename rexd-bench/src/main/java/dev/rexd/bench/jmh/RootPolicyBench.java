package dev.rexd.bench.jmh;

import dev.rexd.api.RexdException;
import dev.rexd.core.policy.RootPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The path gate every fs call and cwd goes through: {@link RootPolicy#resolve} for an existing file
 * three levels down, for a file that does not exist yet (walks up to its deepest existing
 * ancestor), through a symlink, and for a path outside the roots (the {@code -32002} error,
 * including building the exception).
 *
 * <pre>{@code
 * bin/rexd-bench --jmh RootPolicyBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RootPolicyBench {
  private Path root;
  private RootPolicy policy;

  @Setup
  public void setup() throws IOException {
    root = Files.createTempDirectory("rexd-bench-policy").toRealPath();
    Files.createDirectories(root.resolve("src/main/java"));
    Files.writeString(root.resolve("src/main/java/App.java"), "class App {}\n");
    Files.createSymbolicLink(root.resolve("link"), root.resolve("src/main"));
    policy = RootPolicy.of(List.of(root));
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Path existingFile() {
    return policy.resolve("src/main/java/App.java", root);
  }

  @Benchmark
  public Path missingFile() {
    return policy.resolve("src/new/dir/File.java", root);
  }

  @Benchmark
  public Path throughSymlink() {
    return policy.resolve("link/java/App.java", root);
  }

  @Benchmark
  public Object outsideRoots() {
    try {
      return policy.resolve("../../etc/passwd", root);
    } catch (RexdException e) {
      return e;
    }
  }
}
