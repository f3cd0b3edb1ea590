package dev.rexd.examples;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.hub.host.HostConnector;
import dev.rexd.hub.server.HubListener;
import dev.rexd.hub.server.RexdHub;
import dev.rexd.hub.wire.HostEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hosts that nobody can reach dial out to a hub, and an agent reaches them through it: a hub on
 * {@code 127.0.0.1}, two hosts ({@code web-1}, {@code web-2}, each a rexd server on a directory
 * of its own) that connect to the hub as {@code rexd --connect} does, and a client that runs a
 * command on each through {@code hub} targets of {@code targets.json}.
 *
 * <pre>{@code
 * examples/run HubDemo
 * }</pre>
 */
public final class HubDemo {
  private static final List<String> HOSTS = List.of("web-1", "web-2");

  private HubDemo() {}

  public static void main(String[] args) throws Exception {
    try (TempDir tmp = TempDir.create("rexd-hub-demo-")) {
      run(tmp.path());
    }
    say("done: hosts disconnected, hub stopped");
  }

  static void run(Path work) throws Exception {
    String agentToken = secret();
    CountDownLatch bothUp = new CountDownLatch(HOSTS.size());
    RexdHub.Builder hubBuilder = RexdHub.builder().listen("127.0.0.1", 0)
        .clientToken("demo-agent", TokenTable.sha256Hex(agentToken), Role.AGENT)
        .listener(new HubListener() {
          @Override
          public void hostConnected(HostEntry host) {
            say("hub: %s connected (rexd %s)", host.name(), host.serverVersion());
            bothUp.countDown();
          }
        });
    List<String> hostTokens = new ArrayList<>();
    for (String name : HOSTS) {
      String token = secret();
      hostTokens.add(token);
      hubBuilder.host(name, TokenTable.sha256Hex(token));
    }
    List<AutoCloseable> open = new ArrayList<>();
    try (RexdHub hub = hubBuilder.start()) {
      say("hub: hosts dial %s, clients connect to %s", hub.agentsUri(), hub.wsUri());
      for (int i = 0; i < HOSTS.size(); i++) {
        String name = HOSTS.get(i);
        Path root = Files.createDirectories(work.resolve(name));
        Files.writeString(root.resolve("motd.txt"), "this is " + name + ", behind its own firewall\n");
        RexdServer server = RexdServer.builder().allowedRoot(root).build();
        open.add(server);
        open.add(HostConnector.builder(server).url(hub.agentsUri()).name(name).token(hostTokens.get(i)).start());
      }
      if (!bothUp.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the hosts did not connect to the hub");
      }

      RexdTargets targets = RexdTargets.parse("""
          {"version": 1, "targets": {
            "web-1": {"transport": "hub", "url": "%1$s", "host": "web-1", "token": "%2$s"},
            "web-2": {"transport": "hub", "url": "%1$s", "host": "web-2", "token": "%2$s"}}}
          """.formatted(hub.wsUri(), agentToken));
      for (String name : HOSTS) {
        try (RexdClient rexd = targets.connect(name); RexdSession session = rexd.openSession("hub-demo")) {
          say("$ cat motd.txt   (on %s, through the hub)", name);
          System.out.print(session.shell("cat motd.txt").run().stdout());
        }
      }
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  private static String secret() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
  }
}
