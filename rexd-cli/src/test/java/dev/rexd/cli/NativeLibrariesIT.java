package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.stdio.StdioTransports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, {@code bin/rexd}, runs JNA's and pty4j's native libraries from where the build
 * unpacked them, never from a copy the libraries would otherwise make in a temporary directory on
 * every start.
 */
class NativeLibrariesIT {
  /** The architectures {@code bin/rexd} maps to the libraries' directory names. */
  private static final Set<String> MAPPED_ARCHITECTURES = Set.of("amd64", "aarch64", "ppc64le", "riscv64");

  @TempDir Path tmp;

  @Test
  void aServerThatRanATerminalHasBothLibrariesMappedFromTheBuild() throws Exception {
    assumeTrue(MAPPED_ARCHITECTURES.contains(System.getProperty("os.arch")), "bin/rexd maps no libraries here");
    Path unpacked = RexdProcess.script().getParent().resolveSibling("rexd-cli/target/native");
    Process server = RexdProcess.builder(List.of("--stdio")).directory(tmp.toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    try (WirePeer peer = new WirePeer(StdioTransports.attach(server.getInputStream(), server.getOutputStream()))) {
      String sid = peer.openSession();
      peer.result("pty.open", Map.of("session_id", sid, "argv", List.of("true")));
      peer.nextEvent("pty.exit");

      // bin/rexd execs the JVM: the launcher's pid is the server's
      List<String> mapped = Files.readAllLines(Path.of("/proc/" + server.pid() + "/maps")).stream()
          .filter(line -> line.endsWith("/libpty.so") || line.endsWith("/libjnidispatch.so"))
          .map(line -> line.substring(line.indexOf('/')))
          .distinct()
          .toList();
      assertThat(mapped).as(Files.readString(tmp.resolve("stderr"))).hasSize(2)
          .allSatisfy(path -> assertThat(path).startsWith(unpacked + "/"));
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
