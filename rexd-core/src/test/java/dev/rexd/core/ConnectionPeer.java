package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The client end of a server connection in tests: frames go in by hand, and what the server sends
 * is queued, so a test waits for the frame it expects.
 *
 * <pre>{@code
 * ConnectionPeer peer = new ConnectionPeer();
 * server.connect(peer);
 * peer.request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"t\"}}");
 * JsonNode response = peer.next();
 * }</pre>
 */
final class ConnectionPeer implements Transport {
  private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
  /** Completes when the server closes this transport. */
  final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile @Nullable Listener listener;

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    out.add(frame);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    closed.complete(null);
  }

  /** Hands the server one frame, as if the client had sent it. */
  void request(String frame) {
    Listener l = listener;
    assertThat(l).as("the connection started").isNotNull();
    l.onFrame(frame);
  }

  /** The next frame the server sent, within 30 s. */
  JsonNode next() throws InterruptedException {
    String frame = out.poll(30, TimeUnit.SECONDS);
    assertThat(frame).as("a frame within 30 s").isNotNull();
    return RexdJson.mapper().readTree(frame);
  }
}
