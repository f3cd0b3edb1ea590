package dev.rexd.client;

import java.time.Duration;

/**
 * Hears about every call a client makes and about its connection, for metrics and tracing: in the
 * manner of OkHttp's {@code EventListener}, each method does nothing unless overridden. Methods run
 * on client threads (a call's end on the connection's reader thread), must be quick and must not
 * throw (what they throw is logged and ignored).
 *
 * <pre>{@code
 * RexdClient rexd = RexdClient.builder().spawn(List.of("rexd", "--stdio"))
 *     .eventListener(new RexdEventListener() {
 *       public void callEnd(String method, Duration took, long sent, long received) {
 *         meter.timer("rexd.call", "method", method).record(took);
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface RexdEventListener {
  /** A call is about to be sent; {@code requestBytes} is the size of its JSON-RPC request. */
  default void callStart(String method, long requestBytes) {}

  /** A call was answered with a result; {@code responseBytes} is the size of the response. */
  default void callEnd(String method, Duration duration, long requestBytes, long responseBytes) {}

  /**
   * A call failed: the server answered with an error ({@link RexdRemoteException}), its deadline
   * passed, or the connection failed.
   */
  default void callFailed(String method, Duration duration, RexdClientException failure) {}

  /** The connection dropped; the client will try to reconnect ({@code willReconnect}) or has ended. */
  default void connectionLost(Throwable cause, boolean willReconnect) {}

  /** The client reconnected after {@code attempts} attempts and reattached its sessions. */
  default void reconnected(int attempts) {}
}
