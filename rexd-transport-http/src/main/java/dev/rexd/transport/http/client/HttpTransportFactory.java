package dev.rexd.transport.http.client;

import dev.rexd.api.transport.Transport;
import dev.rexd.client.RexdTransportException;
import dev.rexd.client.spi.RemoteTransportFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Plugs this module's client transports into rexd-client's target routing (found through
 * {@link java.util.ServiceLoader}): {@code http}/{@code https} URLs get an
 * {@link HttpRpcTransport} (calls only, no events), {@code ws}/{@code wss} URLs a
 * {@link WebSocketTransport}. TLS uses the JDK's trusted authorities. Each library a transport
 * needs is checked before it is used, so a missing one is a {@link RexdTransportException} naming
 * the artifact to add, never a {@link NoClassDefFoundError}.
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

  /**
   * Opens the transport for {@code url}.
   *
   * @throws RexdTransportException when a library the transport needs is missing (the message
   *     names its {@code groupId:artifactId}) or the server cannot be reached
   * @throws dev.rexd.client.RexdUnauthorizedException when a WebSocket server refuses the token
   */
  @Override
  public Transport open(URI url, @Nullable String token, Map<String, String> headers, Duration timeout) {
    boolean post = url.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http");
    Libraries.require(post ? Libraries.POST : Libraries.WEBSOCKET, url);
    try {
      return post ? HttpRpcTransport.open(url, token, headers, timeout)
          : WebSocketTransport.open(url, token, headers, timeout);
    } catch (NoClassDefFoundError e) {
      throw Libraries.missing(url, e);
    }
  }
}
