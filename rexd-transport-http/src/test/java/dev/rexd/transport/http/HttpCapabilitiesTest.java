package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server behind the HTTP server offers what it adds: plain HTTP and reattaching sessions. */
class HttpCapabilitiesTest {
  @TempDir Path root;

  @Test
  void sessionOpenListsHttpAndReattach() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build();
        RexdHttpServer http = TestServers.http(server).start();
        WirePeer peer = new WirePeer(WebSocketTransport.builder(http.wsUri()).connect())) {
      List<String> caps = new ArrayList<>();
      peer.result("session.open", Map.of("client_name", "t")).get("capabilities").forEach(c -> caps.add(c.asString()));
      assertThat(caps).contains("exec", "fs", "events", "http", "reattach");
    }
  }
}
