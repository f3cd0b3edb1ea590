package dev.rexd.client;

import dev.rexd.api.transport.Transport;
import dev.rexd.client.spi.RemoteTransportFactory;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link RemoteTransportFactory} for tests, found through {@link java.util.ServiceLoader}: while a
 * test has set {@link #server}, it answers {@code ws} URLs with an in-memory pair into that server
 * and records what it was asked to open. Inactive otherwise, so it never shadows a real factory.
 *
 * <pre>{@code
 * LoopbackTransportFactory.server = rexdServer::connect;
 * RexdTargets.parse(json).connect("local-ws");
 * }</pre>
 */
public final class LoopbackTransportFactory implements RemoteTransportFactory {
  /** Where opened transports lead, while a test wants it. */
  static volatile Consumer<Transport> server;
  /** The last URL, token and headers asked for. */
  static volatile String lastOpened;

  @Override
  public boolean supports(String scheme) {
    return server != null && scheme.equals("ws");
  }

  @Override
  public Transport open(URI url, String token, Map<String, String> headers, Duration timeout) {
    lastOpened = url + " " + token + " " + headers;
    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    server.accept(pair[0]);
    return pair[1];
  }
}
