package dev.rexd.core.sandbox;

import dev.rexd.core.session.SessionFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory a session's sandboxes see as {@code /tmp}: made {@code 0700} on the session's
 * first sandboxed start, shared by all its processes, deleted with the session.
 *
 * <pre>{@code
 * Path tmp = session.feature(SessionTmp.class, SessionTmp::create).dir();
 * }</pre>
 */
final class SessionTmp implements SessionFeature {
  private static final System.Logger LOG = System.getLogger(SessionTmp.class.getName());

  private final Path dir;

  private SessionTmp(Path dir) {
    this.dir = dir;
  }

  static SessionTmp create() {
    try {
      return new SessionTmp(Files.createTempDirectory("rexd-sandbox-tmp-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the sandbox's /tmp", e);
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.deleteIfExists(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not remove the sandbox /tmp " + dir + ": " + e);
    }
  }
}
