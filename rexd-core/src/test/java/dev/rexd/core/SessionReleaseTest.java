package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.rpc.Connection;
import dev.rexd.core.session.Session;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A long-lived connection does not keep the sessions it opened and closed. */
class SessionReleaseTest {
  private static final int CYCLES = 10_000;
  /** Sessions opened, then closed, per batch: the default max_concurrent_sessions. */
  private static final int BATCH = 16;

  @TempDir Path root;

  @Test
  void tenThousandOpenCloseCyclesLeaveNoClosedSessionReachable() throws Exception {
    ReferenceQueue<Session> collected = new ReferenceQueue<>();
    List<WeakReference<Session>> refs = new ArrayList<>(CYCLES);
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      ConnectionPeer peer = new ConnectionPeer();
      Connection c = server.connect(peer);
      for (int i = 0; i < CYCLES; i += BATCH) {
        StringBuilder opens = new StringBuilder("[");
        for (int j = 0; j < BATCH; j++) {
          opens.append(j == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(j)
              .append(",\"method\":\"session.open\",\"params\":{\"client_name\":\"c\"}}");
        }
        peer.request(opens.append(']').toString());
        StringBuilder closes = new StringBuilder("[");
        for (JsonNode opened : peer.next()) {
          String sid = opened.get("result").get("session_id").asString();
          refs.add(new WeakReference<>(server.sessions().find(sid), collected));
          closes.append(closes.length() == 1 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":\"").append(sid)
              .append("\",\"method\":\"session.close\",\"params\":{\"session_id\":\"").append(sid).append("\"}}");
        }
        peer.request(closes.append(']').toString());
        for (JsonNode closed : peer.next()) {
          assertThat(closed.get("result").get("ok").asBoolean()).isTrue();
        }
      }
      // one more call, so the connection has finished with the frames before it
      peer.request("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"session.info\",\"params\":{\"session_id\":\"sess_0\"}}");
      assertThat(peer.next().get("error").get("data").get("reason").asString()).isEqualTo("session_not_found");

      int cleared = 0;
      for (int round = 0; round < 50 && cleared < CYCLES; round++) {
        System.gc();
        for (var r = collected.remove(100); r != null; r = collected.poll()) {
          cleared++;
        }
      }
      assertThat(refs).hasSize(CYCLES);
      assertThat(CYCLES - cleared).as("closed sessions still reachable while the connection lives").isZero();
      assertThat(c.closed()).isNotDone();
    }
  }
}
