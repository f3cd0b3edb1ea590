package dev.rexd.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.ExecResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(180)
class HubReconnectTest {
  @TempDir Path dir;

  @Test
  void aHostCutOffMidStreamReconnectsAndTheClientLosesNothing() throws Exception {
    try (HubFixture f = new HubFixture(dir);
         CuttingProxy proxy = new CuttingProxy(f.hub.port())) {
      URI viaProxy = URI.create("ws://127.0.0.1:" + proxy.port() + "/agents");
      f.start(f.connector(f.server("web-1"), "web-1", viaProxy));
      f.awaitConnected("web-1");

      RexdClient client = f.client("web-1");
      RexdSession session = client.openSession("agent");
      BlockingQueue<String> seen = new LinkedBlockingQueue<>();
      // the child paces itself so that the cut lands mid-stream
      String script = "i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo \"line $i\"; sleep 0.005; done";
      CompletableFuture<ExecResult> run = session.shell(script).onStdout(c -> seen.add(c.text())).runAsync();
      StringBuilder early = new StringBuilder();
      while (!early.toString().contains("line 50\n")) {
        String chunk = seen.poll(30, TimeUnit.SECONDS);
        assertThat(chunk).as("output before the cut").isNotNull();
        early.append(chunk);
      }
      proxy.cutAll();
      f.awaitConnected("web-1");

      ExecResult result = run.get(120, TimeUnit.SECONDS);
      assertThat(result.exitCode()).isZero();
      assertThat(result.outputGaps()).isEmpty();
      assertThat(result.stdout()).isEqualTo(HubRelayTest.lines("line", 600));
      assertThat(early.toString()).doesNotContain("line 600\n");
      assertThat(f.drops).anySatisfy(d -> assertThat(d).startsWith("web-1: "));
      // the session is still usable through the new connections
      assertThat(session.exec("echo", "after").run().stdout()).isEqualTo("after\n");
    }
  }
}
