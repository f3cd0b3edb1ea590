package dev.rexd.api.transport;

import java.nio.charset.StandardCharsets;
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
 * <p>Frames may also travel as UTF-8 bytes, so that bulk output never becomes a {@code String}:
 * {@link #sendUtf8} and {@link Listener#onFrame(byte[], int, int)} default to converting, and a
 * transport that moves bytes anyway (a pipe, a WebSocket server, an in-memory pair) overrides
 * them.
 *
 * <pre>{@code
 * transport.start(new Transport.Listener() {
 *   public void onFrame(String json) { inbox.add(json); }
 *   public void onClosed(Throwable cause) { done.countDown(); }
 * });
 * transport.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"x\"}}");
 * }</pre>
 */
public interface Transport extends AutoCloseable {

  /** Starts delivering inbound frames to {@code listener}; called once. */
  void start(Listener listener);

  /** Sends one frame; completes when it was handed to the peer's channel, exceptionally on failure. */
  CompletableFuture<Void> send(String frame);

  /**
   * Sends one frame given as its UTF-8 bytes, with the same guarantees as {@link #send}. The frame
   * is one JSON text without a raw line break (what a JSON generator writes without pretty
   * printing); it is not checked. From this call on the array is shared: neither the caller nor the
   * transport may change it. The default decodes it and calls {@link #send}.
   */
  default CompletableFuture<Void> sendUtf8(byte[] frame) {
    return send(new String(frame, StandardCharsets.UTF_8));
  }

  /** Closes the channel; idempotent. Blocked reads return and the listener is told once. */
  @Override
  void close();

  /**
   * Whether the peer's notifications (events such as {@code exec.stdout}) arrive on this channel:
   * true for streaming transports (stdio, WebSocket, an in-memory pair), false for
   * request/response-only transports such as HTTP POST, which carry each answer but no events.
   */
  default boolean carriesEvents() {
    return true;
  }

  /** Receives inbound frames and the end of the channel. */
  interface Listener {
    /** One inbound frame, in arrival order, on the transport's reader thread. */
    void onFrame(String json);

    /**
     * One inbound frame as UTF-8 bytes, {@code len} bytes of {@code utf8} from {@code off}, in
     * arrival order, on the reader thread, from a transport that reads bytes. The array belongs to
     * the transport and is only valid during the call. The default decodes it and calls
     * {@link #onFrame(String)}; a listener that can read bytes overrides it.
     */
    default void onFrame(byte[] utf8, int off, int len) {
      onFrame(new String(utf8, off, len, StandardCharsets.UTF_8));
    }

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
