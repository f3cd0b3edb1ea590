package dev.rexd.client.spi;

import dev.rexd.api.transport.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Opens client transports for URL targets ({@code http}, {@code https}, {@code ws}, {@code wss}).
 * Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.rexd.client.spi.RemoteTransportFactory}.
 *
 * <pre>{@code
 * public final class WsTransportFactory implements RemoteTransportFactory {
 *   public boolean supports(String scheme) { return scheme.equals("ws") || scheme.equals("wss"); }
 *   public Transport open(URI url, String token, Map<String, String> headers, Duration timeout) {
 *     return WsClientTransport.connect(url, token, headers, timeout);
 *   }
 * }
 * }</pre>
 */
public interface RemoteTransportFactory {

  /** Whether this factory opens URLs with this scheme (lower case, e.g. {@code wss}). */
  boolean supports(String scheme);

  /**
   * Opens a transport to {@code url}, not yet started.
   *
   * @param token the bearer token, or null for none
   * @param headers extra request headers
   * @param timeout how long connecting may take
   */
  Transport open(URI url, @Nullable String token, Map<String, String> headers, Duration timeout);
}
