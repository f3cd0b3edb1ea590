package dev.rexd.transport.http.client;

import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdTransportException;
import dev.rexd.client.spi.RemoteTransportFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plugs this module's client transports into rexd-client's target routing (found through
 * {@link java.util.ServiceLoader}): {@code http}/{@code https} URLs get an
 * {@link HttpRpcTransport} (calls only, no events), {@code ws}/{@code wss} URLs a
 * {@link WebSocketTransport}. TLS uses the JDK's trusted authorities.
 *
 * <pre>{@code
 * // targets.json: {"version": 1, "targets": {
 * //   "build-7": {"transport": "ws", "url": "wss://build-7:8443/ws", "token": "..."}}}
 * try (RexdClient rexd = RexdTargets.load().connect("build-7")) { ... }
 * }</pre>
 */
public final class HttpTransportFactory implements RemoteTransportFactory {

  @Override
  public boolean supports(String scheme) {
    return scheme.equals("http") || scheme.equals("https") || scheme.equals("ws") || scheme.equals("wss");
  }

  @Override
  public Transport open(URI url, @Nullable String token, Map<String, String> headers, Duration timeout) {
    String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (scheme.startsWith("http")) {
      HttpRpcTransport.Builder b = HttpRpcTransport.builder(url).token(token).connectTimeout(timeout);
      headers.forEach(b::header);
      return b.build();
    }
    WebSocketTransport.Builder b = WebSocketTransport.builder(url).token(token).connectTimeout(timeout);
    headers.forEach(b::header);
    try {
      return b.connect();
    } catch (IOException e) {
      throw new RexdTransportException(String.valueOf(e.getMessage()), e);
    }
  }
}
