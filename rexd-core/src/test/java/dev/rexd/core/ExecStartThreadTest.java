package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.core.process.Child;
import dev.rexd.core.process.ChildSpec;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.process.TerminalSize;
import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A start through {@code exec.start} spawns on the thread that read the request when the spawner
 * starts the child at once (one {@code posix_spawn}), and on the server's executor when it may
 * wait: a spawner that does not say so, a child on a terminal, or the sandbox around any spawner.
 */
class ExecStartThreadTest {
  private static final String EXECUTOR = "test-executor";

  @TempDir Path root;
  private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, EXECUTOR);
    t.setDaemon(true);
    return t;
  });

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  /**
   * Notes the thread of each spawn of {@code true} (by name or path; the server may probe
   * terminals first), then starts the child with the system's spawner.
   */
  private static final class ThreadNotingSpawner implements Spawner {
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();
    private final boolean atOnce;

    ThreadNotingSpawner(boolean atOnce) {
      this.atOnce = atOnce;
    }

    @Override
    public Child spawn(ChildSpec spec) {
      List<String> argv = spec.argv();
      if (argv.get(argv.size() - 1).endsWith("true")) {
        threads.add(Thread.currentThread().getName());
      }
      return Spawners.system().spawn(spec);
    }

    @Override
    public boolean spawnsAtOnce(ChildSpec spec) {
      return atOnce;
    }
  }

  @Test
  void aChildStartedAtOnceStartsOnTheThreadThatReadTheRequest() throws Exception {
    ThreadNotingSpawner spawner = new ThreadNotingSpawner(true);
    assertThat(runTrue(RexdServer.builder().spawner(spawner), spawner, ""))
        .isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void aSpawnerThatMayWaitStartsOnTheExecutor() throws Exception {
    ThreadNotingSpawner spawner = new ThreadNotingSpawner(false);
    assertThat(runTrue(RexdServer.builder().spawner(spawner), spawner, "")).isEqualTo(EXECUTOR);
  }

  @Test
  void aChildOnATerminalStartsOnTheExecutor() throws Exception {
    assumeTrue(Spawners.terminalsPresent(), "no pseudo-terminals in this JVM");
    ThreadNotingSpawner spawner = new ThreadNotingSpawner(true);
    assertThat(runTrue(RexdServer.builder().spawner(spawner), spawner, ",\"tty\":true")).isEqualTo(EXECUTOR);
  }

  @Test
  void aSandboxedChildStartsOnTheExecutorWhateverItsSpawnerSays() throws Exception {
    SandboxCheck check = SandboxCheck.run(SandboxSettings.defaults());
    assumeTrue(check.usable(), () -> "no sandbox on this host: " + check.items());
    ThreadNotingSpawner spawner = new ThreadNotingSpawner(true);
    assertThat(runTrue(RexdServer.builder().spawner(spawner).sandbox(SandboxSettings.defaults()), spawner, ""))
        .isEqualTo(EXECUTOR);
  }

  @Test
  void theSystemSpawnerStartsPipedChildrenAtOnceWithPosixSpawnAndTerminalsNever() {
    ChildSpec piped = new ChildSpec(List.of("true"), Path.of("/bin/true"), root, Map.of(), null);
    assertThat(Spawners.system().spawnsAtOnce(piped)).isEqualTo(Spawners.usesPosixSpawn());
    assertThat(Spawners.system().spawnsAtOnce(piped.onTerminal(new TerminalSize(80, 24)))).isFalse();
    assertThat(Spawners.portable().spawnsAtOnce(piped)).isFalse();
  }

  /**
   * Runs {@code true} (with {@code moreParams} in its {@code exec.start}) through a server built
   * from {@code builder}; returns the thread its spawn ran on.
   */
  private String runTrue(RexdServer.Builder builder, ThreadNotingSpawner spawner, String moreParams)
      throws Exception {
    try (RexdServer server = builder.allowedRoot(root).executor(executor).build()) {
      ConnectionPeer peer = new ConnectionPeer();
      server.connect(peer);
      peer.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"t\"}}");
      String sid = result(peer.next()).get("session_id").asString();
      peer.request("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"exec.start\",\"params\":{\"session_id\":\"" + sid
          + "\",\"argv\":[\"true\"]" + moreParams + "}}");
      assertThat(result(peer.next()).get("process_id").asString()).isNotEmpty();
      String thread = spawner.threads.poll(10, TimeUnit.SECONDS);
      assertThat(thread).as("a spawn within 10 s").isNotNull();
      return thread;
    }
  }

  private static JsonNode result(JsonNode response) {
    assertThat(response.has("result")).as(response.toString()).isTrue();
    return response.get("result");
  }
}
