package dev.rexd.console;

import dev.rexd.core.RexdServer;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A server with principals of every role, each connecting in-process as itself. */
final class ConsoleFixture implements AutoCloseable {
  static final Principal BOT = new Principal("bot", Role.AGENT);
  static final Principal BOT2 = new Principal("bot2", Role.AGENT);
  static final Principal VERA = new Principal("vera", Role.VIEWER);
  static final Principal OLGA = new Principal("olga", Role.OPERATOR);
  static final Principal OTTO = new Principal("otto", Role.OPERATOR);

  final RexdServer server;
  private final List<WirePeer> peers = new ArrayList<>();

  ConsoleFixture(Path root, ApprovalPolicy approvals) {
    this(RexdServer.builder().allowedRoot(root).approvals(approvals));
  }

  ConsoleFixture(RexdServer.Builder builder) {
    this.server = builder.build();
  }

  /** A connection whose calls are {@code p}'s. */
  WirePeer as(Principal p) {
    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    server.connectReattachable(pair[0], p);
    WirePeer peer = new WirePeer(pair[1]);
    peers.add(peer);
    return peer;
  }

  static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Override
  public void close() {
    peers.forEach(WirePeer::close);
    server.close();
  }
}
