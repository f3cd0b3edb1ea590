package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.stdio.StdioTransports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** At EOF on stdin the real server ends every process group of its sessions, then exits. */
class StdioShutdownIT {
  @TempDir Path tmp;

  @Test
  void eofEndsGrandchildrenAndTheServerExits() throws Exception {
    Process server = RexdProcess.builder(List.of("--stdio")).directory(tmp.toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    WirePeer peer = new WirePeer(StdioTransports.attach(server.getInputStream(), server.getOutputStream()));
    String sid = peer.openSession();
    String pid = peer.result("exec.start", Map.of("session_id", sid, "shell", true,
        "command", "sleep 300 & echo $!; wait")).get("process_id").asString();
    JsonNode out = peer.nextEvent("exec.stdout");
    long grandchild = Long.parseLong(out.get("data").asString().trim());
    assertThat(ProcessHandle.of(grandchild)).isPresent();
    assertThat(pid).isNotBlank();

    peer.close();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
    assertThat(goneOrZombie(grandchild)).isTrue();
  }

  /** This container's init may not reap orphans: a zombie has ended too. */
  static boolean goneOrZombie(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    for (int i = 0; i < 100; i++) {
      if (!Files.exists(stat)) {
        return true;
      }
      String s = Files.readString(stat);
      if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
