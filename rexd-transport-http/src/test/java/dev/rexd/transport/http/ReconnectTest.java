package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.ExecResult;
import dev.rexd.client.ReconnectPolicy;
import dev.rexd.client.RemoteProcess;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdEventListener;
import dev.rexd.client.RexdSession;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket client survives a cut connection: a proxy between it and a real server resets the
 * TCP connection mid-stream, the client reconnects, reattaches and catches up, and every byte of
 * every running process arrives exactly once, in order.
 */
@Timeout(60)
class ReconnectTest {
  private static final String TOKEN = "reconnect-token";
  /** 400 numbered lines, paced so the stream is still running when the connection is cut. */
  private static final String LOUD = "i=1; while [ $i -le 400 ]; do echo \"line $i\"; echo \"err $i\" >&2;"
      + " if [ $((i % 20)) -eq 0 ]; then sleep 0.1; fi; i=$((i+1)); done";

  @TempDir java.nio.file.Path root;
  private RexdServer server;
  private RexdHttpServer http;
  private CuttingProxy proxy;

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(root).build();
    http = TestServers.http(server).token(TOKEN).start();
    proxy = new CuttingProxy(http.port());
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    http.close();
    server.close();
  }

  private static String expected(String prefix) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 400; i++) {
      b.append(prefix).append(' ').append(i).append('\n');
    }
    return b.toString();
  }

  @Test
  void everyByteArrivesOnceAndInOrderAcrossACutConnection() throws Exception {
    URI ws = URI.create("ws://127.0.0.1:" + proxy.port() + "/ws");
    CountDownLatch reconnected = new CountDownLatch(1);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    RexdClient client = RexdClient.builder()
        .connector(() -> WebSocketTransport.builder(ws).token(TOKEN).connect())
        .reconnect(ReconnectPolicy.backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 20))
        .eventListener(new RexdEventListener() {
          @Override
          public void reconnected(int attempts) {
            reconnected.countDown();
          }
        })
        .build();
    try (client; RexdSession s = client.openSession("survivor")) {
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      RemoteProcess p = s.shell(LOUD).onStdout(c -> {
        streamed.writeBytes(c.bytes());
        lines.add(c.text());
      }).start();
      CompletableFuture<ExecResult> collected = s.shell(LOUD).runAsync();
      for (String seen = ""; !seen.contains("line 60\n"); ) {
        String next = lines.poll(20, TimeUnit.SECONDS);
        assertThat(next).as("output before the cut").isNotNull();
        seen += next;
      }
      proxy.cutAll();
      assertThat(reconnected.await(20, TimeUnit.SECONDS)).as("reconnected").isTrue();
      assertThat(p.waitFor().exitCode()).isZero();
      assertThat(streamed.toString(StandardCharsets.UTF_8)).isEqualTo(expected("line"));
      assertThat(p.outputGaps()).isEmpty();
      ExecResult r = collected.get(30, TimeUnit.SECONDS);
      assertThat(r.stdout()).isEqualTo(expected("line"));
      assertThat(r.stderr()).isEqualTo(expected("err"));
      assertThat(r.outputGaps()).isEmpty();
      assertThat(proxy.accepted()).isGreaterThanOrEqualTo(2);
      assertThat(s.exec("echo", "still here").run().stdout()).isEqualTo("still here\n");
    }
  }
}
