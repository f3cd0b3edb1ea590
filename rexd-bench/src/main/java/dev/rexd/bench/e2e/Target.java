package dev.rexd.bench.e2e;

import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdClient;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.stdio.InMemoryTransport;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server behind a real transport, with a {@link RawClient} (or rexd-client) connected to it.
 *
 * <ul>
 *   <li>{@link #inProcess}: a {@code RexdServer} in this JVM behind an {@link InMemoryTransport} pair;
 *   <li>{@link #stdio}: {@code bin/rexd --stdio --config FILE} as a child process, NDJSON over its pipes
 *       (the server's pid is known, for its RSS);
 *   <li>{@link #websocket}: {@code bin/rexd --http} as a child process, over {@code /ws} (and
 *       {@code POST /rpc} for the one-shot figure).
 * </ul>
 *
 * <pre>{@code
 * try (Target t = Target.stdio(bin, config, root)) { t.client().openSession("bench"); }
 * }</pre>
 */
abstract class Target implements AutoCloseable {
  /** Limits large enough for every scenario: 1 GiB streams, 64 x 16 processes, 256 sessions. */
  static final Limits LIMITS = Limits.defaults()
      .withHardTimeoutMs(600_000)
      .withDefaultTimeoutMs(600_000)
      .withMaxOutputBytes(4L << 30)
      .withMaxProcessesPerSession(16)
      .withMaxConcurrentSessions(1024);

  private final String name;
  private Transport transport;
  private RawClient client;
  private RexdClient rexdClient;

  Target(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** The harness's own client on this target's connection, made on first use. */
  synchronized RawClient client() {
    if (client == null) {
      if (rexdClient != null) {
        throw new IllegalStateException(name + " already serves rexd-client");
      }
      client = new RawClient(transport);
    }
    return client;
  }

  /** rexd-client on this target's connection instead of {@link #client()}, made on first use. */
  synchronized RexdClient rexdClient() {
    if (rexdClient == null) {
      if (client != null) {
        throw new IllegalStateException(name + " already serves the raw client");
      }
      rexdClient = RexdClient.builder().transport(transport).build();
    }
    return rexdClient;
  }

  void connect(Transport t) {
    transport = t;
  }

  /** The server's process id, or -1 when it runs in this JVM. */
  long serverPid() {
    return -1;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    } else if (rexdClient != null) {
      rexdClient.close();
    } else if (transport != null) {
      transport.close();
    }
  }

  /**
   * The TOML config a child server runs with: {@link #LIMITS}, one root, and with {@code sandbox}
   * every process in a bubblewrap sandbox.
   */
  static Path writeConfig(Path dir, Path root, boolean sandbox) {
    String toml = "[limits]\n"
        + "default_timeout_ms = " + LIMITS.defaultTimeoutMs() + "\n"
        + "hard_timeout_ms = " + LIMITS.hardTimeoutMs() + "\n"
        + "max_output_bytes = " + LIMITS.maxOutputBytes() + "\n"
        + "max_processes_per_session = " + LIMITS.maxProcessesPerSession() + "\n"
        + "max_concurrent_sessions = " + LIMITS.maxConcurrentSessions() + "\n"
        + "\n[[security.allowed_roots]]\npath = \"" + root + "\"\n"
        + (sandbox ? "\n[sandbox]\nmode = \"bwrap\"\n" : "");
    try {
      Path f = dir.resolve("rexd-bench.toml");
      Files.writeString(f, toml);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Target inProcess(Path root) {
    return new InProcess(root);
  }

  /**
   * {@code bin/rexd --http 127.0.0.1:PORT --config FILE} as a child process, reached over its
   * {@code /ws} endpoint with the JDK WebSocket client; null (with the reason in {@code why}) when
   * this build's server does not listen.
   */
  static Target websocket(Path rexdScript, Path config, Path root, Path stderrLog, Map<String, String> env,
      StringBuilder why) {
    int port = Harness.freePort();
    Process p;
    try {
      Path err = Files.createTempFile(stderrLog.getParent(), "http-", ".log");
      ProcessBuilder pb = new ProcessBuilder(rexdScript.toString(), "--http", "127.0.0.1:" + port, "--config",
          config.toString()).directory(root.toFile()).redirectError(err.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(env);
      p = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        if (!p.isAlive()) {
          why.append("bin/rexd --http exited with ").append(p.exitValue()).append(": ")
              .append(Files.readString(err).strip().replace('\n', ' '));
          return null;
        }
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
          break;
        } catch (IOException notYet) {
          Thread.sleep(20);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return new Http(p, port);
  }

  /** The HTTP server's {@code POST /rpc} endpoint (for a websocket target). */
  java.net.URI rpcUri() {
    throw new UnsupportedOperationException();
  }

  private static final class Http extends Target {
    private final Process process;
    private final int port;

    Http(Process process, int port) {
      super("websocket");
      this.process = process;
      this.port = port;
      connect(JdkWebSocketTransport.connect(java.net.URI.create("ws://127.0.0.1:" + port + "/ws")));
    }

    @Override
    java.net.URI rpcUri() {
      return java.net.URI.create("http://127.0.0.1:" + port + "/rpc");
    }

    @Override
    long serverPid() {
      return process.pid();
    }

    @Override
    public void close() {
      super.close();
      process.destroy();
      awaitOrKill(process);
    }
  }

  static Target stdio(Path rexdScript, Path config, Path root, Path stderrLog, Map<String, String> env) {
    return new Stdio(rexdScript, config, root, stderrLog, env);
  }

  private static final class InProcess extends Target {
    private final RexdServer server;

    InProcess(Path root) {
      super("in-process");
      server = RexdServer.builder().allowedRoot(root).limits(LIMITS).sessionIdleTimeout(Duration.ZERO).build();
      InMemoryTransport[] pair = InMemoryTransport.pair(256);
      server.connect(pair[0]);
      connect(pair[1]);
    }

    @Override
    public void close() {
      super.close();
      server.close();
    }
  }

  private static final class Stdio extends Target {
    private final Process process;

    Stdio(Path rexdScript, Path config, Path root, Path stderrLog, Map<String, String> env) {
      super("stdio");
      List<String> cmd = new ArrayList<>(List.of(rexdScript.toString(), "--stdio", "--config", config.toString()));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
      pb.environment().putAll(env);
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      connect(StdioTransports.attach(process.getInputStream(), process.getOutputStream()));
    }

    @Override
    long serverPid() {
      return process.pid();
    }

    @Override
    public void close() {
      super.close();   // stdin closed: the server ends
      awaitOrKill(process);
    }
  }

  /** Waits up to 10 s for a server process to end, then kills it. */
  private static void awaitOrKill(Process process) {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
