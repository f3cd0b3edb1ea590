package dev.rexd.transport.http.server;

import java.time.Duration;

/**
 * How the server treats each WebSocket. {@code sendTimeout}: how long one outbound frame may wait
 * for a client that stopped reading before the socket is closed with a logged reason (its sessions
 * stay for a later reattach). {@code pingInterval}: how often the server pings; a client silent
 * (no message, no pong) for three intervals is disconnected.
 *
 * <pre>{@code
 * WebSocketSettings s = WebSocketSettings.defaults().withSendTimeout(Duration.ofMinutes(2));
 * }</pre>
 */
public record WebSocketSettings(Duration sendTimeout, Duration pingInterval) {
  public WebSocketSettings {
    if (sendTimeout.isNegative() || sendTimeout.isZero()) {
      throw new IllegalArgumentException("sendTimeout must be positive");
    }
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("pingInterval must be positive");
    }
  }

  /** A 60 second send timeout and a ping every 30 seconds. */
  public static WebSocketSettings defaults() {
    return new WebSocketSettings(Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  public WebSocketSettings withSendTimeout(Duration timeout) {
    return new WebSocketSettings(timeout, pingInterval);
  }

  public WebSocketSettings withPingInterval(Duration interval) {
    return new WebSocketSettings(sendTimeout, interval);
  }

  /** How long a client may stay silent before it is taken for gone: three ping intervals. */
  public Duration silenceLimit() {
    return pingInterval.multipliedBy(3);
  }
}
