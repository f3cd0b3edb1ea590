package dev.rexd.hub.server;

import dev.rexd.api.RexdException;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.transport.Transport;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One data connection: relays one client's frames to one host and the host's frames back,
 * unchanged. Each side waits for the other to take a frame before it reads the next (the socket
 * reader blocks in {@link #onFrame} until the client's socket wrote it; {@link #send} until the
 * host's did), so a slow reader slows only what it reads, and nothing queues in between. The
 * answers to the client's {@code session.open} calls are read on the way through, so the hub
 * knows which host each session lives on.
 *
 * <pre>{@code
 * Channel channel = new Channel("web-1", data, relay);
 * data.start(channel);
 * channel.send(frame);
 * }</pre>
 */
final class Channel implements Transport.Listener {
  private final String host;
  private final Transport data;
  private final ClientRelay relay;
  private final Set<String> opening = ConcurrentHashMap.newKeySet();

  Channel(String host, Transport data, ClientRelay relay) {
    this.host = host;
    this.data = data;
    this.relay = relay;
  }

  String host() {
    return host;
  }

  /** The answer to the request with this id opens a session on this channel's host. */
  void expectOpen(JsonNode id) {
    opening.add(id.toString());
  }

  /**
   * Sends one frame to the host and returns once its socket took it.
   *
   * @throws RexdException when the host's socket failed
   */
  void send(String frame) {
    try {
      data.send(frame).join();
    } catch (CompletionException e) {
      throw RexdException.of(dev.rexd.api.ErrorCode.INTERNAL_ERROR, "host_disconnected",
          "host " + host + " disconnected; reconnect to reattach the session");
    }
  }

  @Override
  public void onFrame(String json) {
    if (!opening.isEmpty()) {
      noteOpened(json);
    }
    relay.toClient(json);
  }

  private void noteOpened(String json) {
    JsonNode node;
    try {
      node = JsonRpcCodec.parse(json);
    } catch (RexdException e) {
      return;
    }
    JsonNode id = node.get("id");
    if (id == null || node.has("method") || !opening.remove(id.toString())) {
      return;
    }
    JsonNode sessionId = node.path("result").get("session_id");
    if (sessionId != null && sessionId.isString()) {
      relay.sessionOpened(sessionId.asString(), this);
    }
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {
    relay.channelLost(this);
  }

  void close() {
    data.close();
  }
}
