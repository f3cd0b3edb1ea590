package dev.rexd.hub;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdTarget;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.hub.host.HostConnector;
import dev.rexd.hub.server.HubListener;
import dev.rexd.hub.server.RexdHub;
import dev.rexd.hub.wire.HostEntry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A hub on a loopback port with hosts {@code web-1} and {@code web-2} configured (token
 * {@code token-<name>}) and one client token; hosts are real {@link RexdServer}s on temporary
 * roots that dial the hub through {@link HostConnector}. Everything it made closes with it.
 */
final class HubFixture implements AutoCloseable {
  static final String CLIENT_TOKEN = "client-secret";
  /** The token of olga, an operator client. */
  static final String OPERATOR_TOKEN = "operator-secret";
  static final List<String> HOSTS = List.of("web-1", "web-2");

  final RexdHub hub;
  final BlockingQueue<String> connected = new LinkedBlockingQueue<>();
  final BlockingQueue<String> left = new LinkedBlockingQueue<>();
  /** Why host connections failed or dropped, as the connectors said. */
  final BlockingQueue<String> drops = new LinkedBlockingQueue<>();
  private final Path dir;
  private final List<AutoCloseable> closing = new ArrayList<>();

  HubFixture(Path dir) throws Exception {
    this(dir, b -> b);
  }

  HubFixture(Path dir, UnaryOperator<RexdHub.Builder> adjust) throws Exception {
    this.dir = dir;
    RexdHub.Builder b = RexdHub.builder().listen("127.0.0.1", 0)
        .clientToken("alice", TokenTable.sha256Hex(CLIENT_TOKEN), Role.AGENT)
        .clientToken("olga", TokenTable.sha256Hex(OPERATOR_TOKEN), Role.OPERATOR)
        .listener(new HubListener() {
          @Override
          public void hostConnected(HostEntry host) {
            connected.add(host.name());
          }

          @Override
          public void hostLeft(HostEntry host) {
            left.add(host.name());
          }
        });
    for (String h : HOSTS) {
      b.host(h, TokenTable.sha256Hex(tokenOf(h)));
    }
    this.hub = adjust.apply(b).start();
    closing.add(hub);
  }

  static String tokenOf(String host) {
    return "token-" + host;
  }

  /** A host server on a fresh root of its own. */
  RexdServer server(String name) throws Exception {
    return server(name, dev.rexd.core.Limits.defaults());
  }

  /** A host server with these limits on a fresh root of its own. */
  RexdServer server(String name, dev.rexd.core.Limits limits) throws Exception {
    return server(name, limits, dev.rexd.core.audit.AuditSink.none());
  }

  /** A host server with these limits and this audit log on a fresh root of its own. */
  RexdServer server(String name, dev.rexd.core.Limits limits, dev.rexd.core.audit.AuditSink audit) throws Exception {
    Path root = Files.createDirectories(dir.resolve("root-" + name + "-" + closing.size()));
    RexdServer server = RexdServer.builder().allowedRoot(root).limits(limits).audit(audit).build();
    closing.add(server);
    return server;
  }

  /** A connector for host {@code name} with its own token, dialing {@code url} (the hub's when null). */
  HostConnector.Builder connector(RexdServer server, String name, @Nullable URI url) {
    return HostConnector.builder(server).url(url == null ? hub.agentsUri() : url).name(name).token(tokenOf(name))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .listener(new HostConnector.Listener() {
          @Override
          public void disconnected(String why, Duration retryIn) {
            drops.add(name + ": " + why);
          }

          @Override
          public void stopped(@Nullable Throwable cause) {
            drops.add(name + " stopped: " + cause);
          }
        });
  }

  HostConnector start(HostConnector.Builder b) {
    HostConnector c = b.start();
    closing.add(c);
    return c;
  }

  /** Starts host {@code name} and waits until the hub has it. */
  RexdServer startHost(String name) throws Exception {
    return startHost(name, dev.rexd.core.Limits.defaults());
  }

  /** Starts host {@code name} with these limits and waits until the hub has it. */
  RexdServer startHost(String name, dev.rexd.core.Limits limits) throws Exception {
    RexdServer server = server(name, limits);
    start(connector(server, name, null));
    awaitConnected(name);
    return server;
  }

  void awaitConnected(String name) throws InterruptedException {
    for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); System.nanoTime() < end; ) {
      String next = connected.poll(1, TimeUnit.SECONDS);
      if (name.equals(next)) {
        return;
      }
    }
    throw new AssertionError("host " + name + " did not connect: " + drops);
  }

  /** A client through the hub to {@code host}, as a {@code targets.json} hub entry makes it. */
  RexdClient client(String host) {
    RexdTarget target = new RexdTarget(host, RexdTarget.Via.HUB, host, null, null, null, null, List.of(),
        hub.wsUri(), CLIENT_TOKEN, Map.of(), List.of(), null, false);
    RexdClient c = target.connect();
    closing.add(c);
    return c;
  }

  void closeLater(AutoCloseable c) {
    closing.add(c);
  }

  @Override
  public void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      try {
        closing.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }
}
