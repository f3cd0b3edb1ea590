package dev.rexd.core.process;

import com.pty4j.PtyProcess;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where pty4j loads its native library from when the application has not said: a copy in the
 * user's cache ({@code $XDG_CACHE_HOME/rexd}, else {@code ~/.cache/rexd}), in a directory named
 * by the library's SHA-256 (its first 128 bits), written once (to a temporary name, then renamed,
 * so a JVM never loads a half-written file) and shared by every later start. Without it pty4j
 * unpacks the library into a new {@code /tmp/pty4j-*} directory at each start and never removes
 * it.
 *
 * <p>Left alone when {@code pty4j.preferred.native.folder} or {@code pty4j.tmpdir} is set
 * ({@code bin/rexd} sets the first), off Linux, and when the cache directory is not the user's
 * own or others may write to it: pty4j then does what it does by default.
 *
 * <pre>{@code
 * PtyNativeCache.useOnce();   // before the first terminal starts
 * }</pre>
 */
final class PtyNativeCache {
  private static final System.Logger LOG = System.getLogger(PtyNativeCache.class.getName());
  static final String PREFERRED_FOLDER = "pty4j.preferred.native.folder";
  private static final String TMPDIR = "pty4j.tmpdir";
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final String PRIVATE_DIR = "rwx------";
  private static boolean done;

  private PtyNativeCache() {}

  /** Points pty4j at the cached copy, once per JVM, unless the application chose a place itself. */
  static synchronized void useOnce() {
    if (done) {
      return;
    }
    done = true;
    if (System.getProperty(PREFERRED_FOLDER) == null && System.getProperty(TMPDIR) == null) {
      Path root = cacheRoot();
      Path folder = root == null ? null : folder(root);
      if (folder != null) {
        System.setProperty(PREFERRED_FOLDER, folder.toString());
        LOG.log(System.Logger.Level.DEBUG, "pty4j loads its library from " + folder);
      }
    }
  }

  /** {@code $XDG_CACHE_HOME/rexd} when that is an absolute path, else {@code ~/.cache/rexd}. */
  private static @Nullable Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && xdg.startsWith("/")) {
      return Path.of(xdg, "rexd");
    }
    String home = System.getProperty("user.home");
    return home == null || !home.startsWith("/") ? null : Path.of(home, ".cache", "rexd");
  }

  /**
   * The folder to give pty4j beneath {@code root} (its {@code linux/ARCH/libpty.so} in place), made
   * now if needed; null when pty4j has no library for this platform or the cache cannot be used.
   */
  static @Nullable Path folder(Path root) {
    if (!Platform.isLinux()) {
      return null;
    }
    String subPath = "linux/" + Platform.ARCH;
    try (InputStream in = PtyProcess.class.getClassLoader()
        .getResourceAsStream("resources/com/pty4j/native/" + subPath + "/libpty.so")) {
      if (in == null) {
        return null;
      }
      byte[] library = in.readAllBytes();
      Path folder = root.resolve("pty4j-" + HexFormat.of().formatHex(sha256(library), 0, 16));
      Path dir = privateDirectories(root, folder.resolve(subPath));
      if (dir == null) {
        return null;
      }
      Path file = dir.resolve("libpty.so");
      if (!holds(file, library)) {
        Path tmp = Files.createTempFile(dir, "libpty-", ".tmp");
        try {
          Files.write(tmp, library);
          move(tmp, file);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      return folder;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.DEBUG, "pty4j's library stays with pty4j's own unpacking: " + e);
      return null;
    }
  }

  /**
   * Makes {@code root} and the directories from it down to {@code dir}, each {@code rwx------}
   * when new; null when {@code root} is not this user's own or others may write to it.
   */
  private static @Nullable Path privateDirectories(Path root, Path dir) throws IOException {
    for (Path d : new Path[] {root.getParent(), root}) {
      if (d != null && !Files.isDirectory(d)) {
        makePrivate(d);
      }
    }
    Object owner = Files.getAttribute(root, "unix:uid");
    if (!owner.equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
      LOG.log(System.Logger.Level.DEBUG, root + " is not this user's own: not used for pty4j's library");
      return null;
    }
    if (Files.getPosixFilePermissions(root).stream().anyMatch(OTHERS_WRITE::contains)) {
      LOG.log(System.Logger.Level.DEBUG, "others may write to " + root + ": not used for pty4j's library");
      return null;
    }
    Path d = root;
    for (Path name : root.relativize(dir)) {
      d = d.resolve(name);
      if (!Files.isDirectory(d)) {
        makePrivate(d);
      }
    }
    return dir;
  }

  private static void makePrivate(Path d) throws IOException {
    try {
      Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(PRIVATE_DIR)));
    } catch (FileAlreadyExistsException raced) {
      // another JVM made it at the same moment
    }
  }

  private static boolean holds(Path file, byte[] library) throws IOException {
    return Files.isRegularFile(file) && Files.size(file) == library.length
        && Arrays.equals(Files.readAllBytes(file), library);
  }

  private static void move(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
