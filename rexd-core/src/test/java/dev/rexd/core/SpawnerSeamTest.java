package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.core.process.Child;
import dev.rexd.core.process.ChildSpec;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * With {@code RexdServer.builder().spawner(...)} a host's own way of starting children (a container
 * runtime, say) is used for every process and terminal, and the sandbox wraps it.
 */
class SpawnerSeamTest {
  @TempDir Path root;

  /** Notes each child it is asked for, then starts it with the system's spawner. */
  private static final class NotingSpawner implements Spawner {
    final BlockingQueue<ChildSpec> asked = new LinkedBlockingQueue<>();

    @Override
    public Child spawn(ChildSpec spec) {
      asked.add(spec);
      return Spawners.system().spawn(spec);
    }

    /** The next child asked for whose argv ends with {@code tail} (the server may probe terminals first). */
    ChildSpec next(String... tail) throws InterruptedException {
      for (int i = 0; i < 10; i++) {
        ChildSpec spec = asked.poll(10, TimeUnit.SECONDS);
        assertThat(spec).as("a child asked for within 10 s").isNotNull();
        List<String> argv = spec.argv();
        if (argv.size() >= tail.length && argv.subList(argv.size() - tail.length, argv.size()).equals(List.of(tail))) {
          return spec;
        }
      }
      throw new AssertionError("no child ending with " + List.of(tail) + " among the first 10 asked for");
    }
  }

  @Test
  void everyProcessAndTerminalStartsThroughTheHostsSpawner() throws Exception {
    NotingSpawner host = new NotingSpawner();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).spawner(host).build()) {
      ConnectionPeer peer = new ConnectionPeer();
      server.connect(peer);
      String sid = openSession(peer);
      assertThat(echo(peer, sid)).isEqualTo("seam\n");
      assertThat(host.next("seam").argv()).containsExactly("echo", "seam");

      assumeTrue(Spawners.terminalsPresent(), "no pseudo-terminals in this JVM");
      call(peer, "pty.open", "{\"session_id\":\"" + sid + "\",\"argv\":[\"true\"]}");
      ChildSpec terminal = host.next("true");
      assertThat(terminal.argv()).containsExactly("true");
      assertThat(terminal.terminal()).isNotNull();
    }
  }

  @Test
  void terminalsAreProvedThroughTheHostsSpawnerOnceASecondSessionOpens() throws Exception {
    assumeTrue(Spawners.terminalsPresent(), "no pseudo-terminals in this JVM");
    NotingSpawner host = new NotingSpawner();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).spawner(host).build()) {
      ConnectionPeer peer = new ConnectionPeer();
      server.connect(peer);
      String first = openSession(peer);
      assertThat(echo(peer, first)).isEqualTo("seam\n");
      assertThat(host.asked.take().argv()).as("the first session's command, and no proof before it")
          .containsExactly("echo", "seam");

      openSession(peer);
      ChildSpec proof = host.next("exit 0");
      assertThat(proof.argv()).containsExactly("/bin/sh", "-c", "exit 0");
      assertThat(proof.terminal()).isNotNull();
    }
  }

  @Test
  void theSandboxWrapsTheHostsSpawner() throws Exception {
    SandboxCheck check = SandboxCheck.run(SandboxSettings.defaults());
    assumeTrue(check.usable(), () -> "no sandbox on this host: " + check.items());
    NotingSpawner host = new NotingSpawner();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).spawner(host)
        .sandbox(SandboxSettings.defaults()).build()) {
      ConnectionPeer peer = new ConnectionPeer();
      server.connect(peer);
      String sid = openSession(peer);
      assertThat(echo(peer, sid)).isEqualTo("seam\n");
      ChildSpec launcher = host.next("seam");
      assertThat(launcher.argv()).contains("--unshare-all", "--die-with-parent", "--cap-drop", "ALL")
          .endsWith("seam");
    }
  }

  private static String openSession(ConnectionPeer peer) throws InterruptedException {
    return call(peer, "session.open", "{\"client_name\":\"seam\"}").get("session_id").asString();
  }

  /** Runs {@code echo seam} and returns its stdout, taken up to its exit. */
  private static String echo(ConnectionPeer peer, String sid) throws InterruptedException {
    call(peer, "exec.start", "{\"session_id\":\"" + sid + "\",\"argv\":[\"echo\",\"seam\"]}");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      JsonNode event = peer.next();
      String method = event.path("method").asString("");
      if (method.equals("exec.stdout")) {
        out.append(event.get("params").get("data").asString());
      } else if (method.equals("exec.exit")) {
        return out.toString();
      }
    }
    throw new AssertionError("no exec.exit within 100 frames; stdout so far: " + out);
  }

  /** Sends one call and returns its result (the first response frame; events before it are not expected). */
  private static JsonNode call(ConnectionPeer peer, String method, String params) throws InterruptedException {
    peer.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
    JsonNode response = peer.next();
    assertThat(response.has("result")).as(response.toString()).isTrue();
    return response.get("result");
  }
}
