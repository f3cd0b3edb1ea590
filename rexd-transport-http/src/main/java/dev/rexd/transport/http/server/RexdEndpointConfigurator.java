package dev.rexd.transport.http.server;

import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Finishes an upgrade that a servlet already checked: echoes the
 * {@code rexd.bearer.*} subprotocol that carried the token (a browser fails the connection
 * otherwise), and creates the endpoint for the socket. It overrides every hook, so it never
 * falls back to whichever container's default configurator the class path offers first (a Tyrus
 * client jar beside Jetty brings one). Token and origin are checked in the
 * servlet because a Jakarta configurator cannot answer {@code 401}, and its {@code checkOrigin}
 * does not see the {@code Host} that defines the server's own origin.
 *
 * <pre>{@code
 * ServerEndpointConfig.Builder.create(RexdWebSocketEndpoint.class, "/ws")
 *     .configurator(new RexdEndpointConfigurator(server, security, settings, threads)).build();
 * }</pre>
 */
final class RexdEndpointConfigurator extends ServerEndpointConfig.Configurator {
  private final Function<List<String>, @Nullable String> subprotocol;
  private final WebSocketSettings settings;
  private final SocketThreads threads;

  RexdEndpointConfigurator(Function<List<String>, @Nullable String> subprotocol, WebSocketSettings settings,
      SocketThreads threads) {
    this.subprotocol = subprotocol;
    this.settings = settings;
    this.threads = threads;
  }

  /** Already checked by the servlet, against the request's {@code Host}. */
  @Override
  public boolean checkOrigin(String originHeaderValue) {
    return true;
  }

  /** The requested extensions the container has, in the client's order of preference. */
  @Override
  public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
    Set<String> available = installed.stream().map(Extension::getName).collect(Collectors.toSet());
    return requested.stream().filter(e -> available.contains(e.getName())).toList();
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    // nothing to add: the subprotocol is set through getNegotiatedSubprotocol
  }

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    String accepted = subprotocol.apply(requested);
    return accepted == null ? "" : accepted;
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new RexdWebSocketEndpoint(settings, threads));
  }
}
