package dev.rexd.api.transport;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A bidirectional channel of JSON-RPC frames (one JSON text each), used by servers and clients
 * alike: NDJSON over streams, WebSocket text frames, an in-memory pair.
 *
 * <p>Contract: {@link #start} starts one daemon reader that hands each frame to the listener and
 * never runs handlers itself; {@link #send} is thread-safe, sends one frame at a time, and blocks
 * or completes later when the peer reads slowly (never drops, never buffers without bound);
 * {@link #close} is idempotent and {@link Listener#onClosed} fires exactly once.
 *
 * {@code
 * transport.start(new Transport.Listener() {
 *   public void onFrame(String json) { inbox.add(json); }
 *   public void onClosed(Throwable cause) { done.countDown(); }
 * });
 * transport.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"x\"}}");
 * }
 */
public interface Transport extends AutoCloseable {

  /** Starts delivering inbound frames to {@code listener}; called once. */
  void start(Listener listener);

  /** Sends one frame; completes when it was handed to the peer's channel, exceptionally on failure. */
  CompletableFuture<Void> send(String frame);

  /** Closes the channel; idempotent. Blocked reads return and the listener is told once. */
  @Override
  void close();

  /** Receives inbound frames and the end of the channel. */
  interface Listener {
    /** One inbound frame, in arrival order, on the transport's reader thread. */
    void onFrame(String json);

    /**
     * The channel ended: {@code null} on an orderly end (EOF, close), else the failure. A frame too
     * large for the transport is reported through {@link #onOversizedFrame} instead and the channel
     * stays open.
     */
    void onClosed(@Nullable Throwable cause);

    /** An inbound frame longer than the transport's limit was skipped; the channel stays open. */
    default void onOversizedFrame(long length) {}
  }
}
