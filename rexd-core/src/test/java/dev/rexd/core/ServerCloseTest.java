package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A closed server leaves no peer waiting for an answer that cannot come. */
class ServerCloseTest {
  private static final String OPEN =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"t\"}}";

  @TempDir Path root;

  @Test
  void closingTheServerEndsTheConnectionsItServes() throws Exception {
    RexdServer server = RexdServer.builder().allowedRoot(root).build();
    ConnectionPeer peer = new ConnectionPeer();
    server.connect(peer);
    peer.request(OPEN);
    assertThat(peer.next().has("result")).isTrue();

    server.close();

    peer.closed.get(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallArrivingWhileTheServerStopsIsAnsweredWithAnError() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (RexdServer server = RexdServer.builder().allowedRoot(root).executor(pool).build()) {
      pool.shutdown();
      Optional<String> answer = server.handle(OPEN).get(10, TimeUnit.SECONDS);

      JsonNode error = RexdJson.mapper().readTree(answer.orElseThrow()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(-32603);
      assertThat(error.get("message").asString()).isEqualTo("the server is shutting down");
    }
  }
}
