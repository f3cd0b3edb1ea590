package dev.rexd.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh temporary directory, deleted with everything in it when closed, so the examples leave
 * nothing behind.
 *
 * <pre>{@code
 * try (TempDir tmp = TempDir.create("demo-")) {
 *   Files.writeString(tmp.path().resolve("a.txt"), "a");
 * }
 * }</pre>
 */
final class TempDir implements AutoCloseable {
  private final Path root;

  private TempDir(Path root) {
    this.root = root;
  }

  /** Creates a directory named {@code prefix} and a random suffix in the system's temp directory. */
  static TempDir create(String prefix) throws IOException {
    return new TempDir(Files.createTempDirectory(prefix));
  }

  /** The directory. */
  Path path() {
    return root;
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
