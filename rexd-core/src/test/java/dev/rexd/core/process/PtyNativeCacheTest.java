package dev.rexd.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pty4j.PtyProcess;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pty4j's native library is copied once into the user's private cache, by content, and a JVM
 * that starts a terminal without being told where the library is leaves nothing in its
 * temporary directory.
 */
class PtyNativeCacheTest {
  @TempDir Path tmp;
  private byte[] library;

  @BeforeEach
  void bundled() throws IOException {
    assumeTrue(Spawners.terminalsPresent() && Platform.isLinux(), "pty4j on Linux");
    try (InputStream in = PtyProcess.class.getClassLoader()
        .getResourceAsStream("resources/com/pty4j/native/linux/" + Platform.ARCH + "/libpty.so")) {
      assumeTrue(in != null, "pty4j has no library for " + Platform.ARCH);
      library = in.readAllBytes();
    }
  }

  @Test
  void theLibraryIsCopiedOnceIntoPrivateDirectoriesNamedByItsContent() throws Exception {
    Path root = tmp.resolve("cache/rexd");
    Path folder = PtyNativeCache.folder(root);

    assertThat(folder).isNotNull();
    assertThat(folder.getParent()).isEqualTo(root);
    assertThat(folder.getFileName().toString()).matches("pty4j-[0-9a-f]{32}");
    Path file = file(folder);
    assertThat(Files.readAllBytes(file)).isEqualTo(library);
    for (Path d = file.getParent(); !d.equals(tmp); d = d.getParent()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString())
          .isEqualTo("rwx------");
    }

    Object inode = Files.getAttribute(file, "unix:ino");
    assertThat(PtyNativeCache.folder(root)).isEqualTo(folder);
    assertThat(Files.getAttribute(file, "unix:ino")).as("not written again").isEqualTo(inode);
  }

  @Test
  void aDamagedCopyIsReplacedWholeAndNoTemporaryFileStays() throws Exception {
    Path root = tmp.resolve("rexd");
    Path file = file(PtyNativeCache.folder(root));
    Files.write(file, new byte[] {0x7f, 'E', 'L', 'F'});

    assertThat(file(PtyNativeCache.folder(root))).isEqualTo(file);
    assertThat(Files.readAllBytes(file)).isEqualTo(library);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aCacheOthersMayWriteToIsNotUsed() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("shared"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(PtyNativeCache.folder(root)).isNull();
    try (Stream<Path> files = Files.list(root)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void jvmsStartingTogetherShareOneCompleteCopy() throws Exception {
    Path root = tmp.resolve("rexd");
    int n = 8;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Path>> folders = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Path> first = () -> {
          start.await(10, TimeUnit.SECONDS);
          return PtyNativeCache.folder(root);
        };
        folders.add(pool.submit(first));
      }
      Path folder = folders.get(0).get(30, TimeUnit.SECONDS);
      for (Future<Path> f : folders) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(folder);
      }
      Path file = file(folder);
      assertThat(Files.readAllBytes(file)).isEqualTo(library);
      try (Stream<Path> files = Files.list(file.getParent())) {
        assertThat(files).containsExactly(file);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aJvmToldNothingStartsATerminalFromTheCacheAndLeavesNoTemporaryDirectory() throws Exception {
    Path home = Files.createDirectory(tmp.resolve("home"));
    Path javaTmp = Files.createDirectory(tmp.resolve("tmp"));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-Djava.io.tmpdir=" + javaTmp, "-cp", System.getProperty("java.class.path"),
        TerminalOnce.class.getName(), tmp.toString());
    pb.environment().remove("XDG_CACHE_HOME");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    assertThat(out).contains("on a terminal").contains(home.resolve(".cache/rexd/pty4j-").toString());
    try (Stream<Path> left = Files.list(javaTmp)) {
      assertThat(left).as("pty4j unpacked nothing into the temporary directory").isEmpty();
    }
    try (Stream<Path> copies = Files.list(home.resolve(".cache/rexd"))) {
      assertThat(copies).singleElement()
          .satisfies(f -> assertThat(Files.readAllBytes(file(f))).isEqualTo(library));
    }
  }

  private static Path file(Path folder) {
    return folder.resolve("linux").resolve(Platform.ARCH).resolve("libpty.so");
  }

  /** Starts one program on a terminal in a JVM without pty4j's properties; prints what it saw. */
  static final class TerminalOnce {
    public static void main(String[] args) throws Exception {
      Child child = new PtySpawner().spawn(new ChildSpec(List.of("echo", "on a terminal"), Path.of("/bin/echo"),
          Path.of(args[0]), Map.of(), new TerminalSize(80, 24)));
      System.out.println(ChildOutput.of(child).trim());
      System.out.println(System.getProperty(PtyNativeCache.PREFERRED_FOLDER));
    }
  }
}
