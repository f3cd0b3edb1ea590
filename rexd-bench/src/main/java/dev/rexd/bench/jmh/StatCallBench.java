package dev.rexd.bench.jmh;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole {@code fs.stat} call through the server, without a pipe: the request frame in, the
 * response frame out of an in-memory transport. What the server does per call (parse, dispatch,
 * the root policy and its system calls, the result and its encoding, the listeners), with one
 * thread hand-off each way that the stdio server does not have.
 *
 * <pre>{@code
 * bin/rexd-bench --jmh StatCallBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatCallBench {
  private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
  private Path root;
  private RexdServer server;
  private InMemoryTransport client;
  private String statInRoot;
  private String statDeeper;

  @Setup
  public void setup() throws Exception {
    root = Files.createTempDirectory("rexd-bench-stat").toRealPath();
    Files.writeString(root.resolve("rexd.toml"), "# a file to stat\n");
    Files.createDirectories(root.resolve("src/main/java"));
    Files.writeString(root.resolve("src/main/java/App.java"), "class App {}\n");
    server = RexdServer.builder().allowedRoot(root).build();
    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    server.connect(pair[0]);
    client = pair[1];
    client.start(new dev.rexd.api.transport.Transport.Listener() {
      @Override
      public void onFrame(String json) {
        responses.add(json);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        // the bench ends first
      }
    });
    client.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"bench\"}}");
    String sid = RexdJson.mapper().readTree(responses.take()).get("result").get("session_id").asString();
    statInRoot = statFrame(sid, "rexd.toml");
    statDeeper = statFrame(sid, "src/main/java/App.java");
  }

  private static String statFrame(String sid, String path) {
    return "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"fs.stat\",\"params\":{\"session_id\":\"" + sid
        + "\",\"path\":\"" + path + "\"}}";
  }

  @TearDown
  public void tearDown() throws IOException {
    client.close();
    server.close();
    Files.walk(root).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
  }

  @Benchmark
  public String fileInRoot() throws InterruptedException {
    client.send(statInRoot);
    return responses.take();
  }

  @Benchmark
  public String fileThreeDown() throws InterruptedException {
    client.send(statDeeper);
    return responses.take();
  }
}
