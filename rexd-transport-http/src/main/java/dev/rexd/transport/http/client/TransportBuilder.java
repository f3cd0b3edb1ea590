package dev.rexd.transport.http.client;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every client transport to a rexd server is given, over POST or WebSocket: the server's URI,
 * the bearer token, extra headers, TLS and the connect timeout. Each setter returns the concrete
 * builder {@code B}, so its own settings chain on.
 *
 * <pre>{@code
 * HttpRpcTransport.builder(uri).token(token).header("X-Team", "build").maxInFlight(16).build();
 * }</pre>
 *
 * @param <B> the concrete builder
 */
abstract class TransportBuilder<B extends TransportBuilder<B>> {
  final URI uri;
  @Nullable String token;
  final Map<String, String> headers = new LinkedHashMap<>();
  @Nullable ClientTls tls;
  Duration connectTimeout = Duration.ofSeconds(10);

  /**
   * @throws IllegalArgumentException when the URI's scheme is not {@code plain} or {@code secure}
   */
  TransportBuilder(URI uri, String plain, String secure) {
    String scheme = uri.getScheme();
    if (!plain.equals(scheme) && !secure.equals(scheme)) {
      throw new IllegalArgumentException("expected a URI of scheme " + plain + " or " + secure + ": " + uri);
    }
    this.uri = uri;
  }

  /**
   * The bearer token, sent as {@code Authorization: Bearer} (over WebSocket, on the upgrade);
   * null or empty for none.
   */
  public B token(@Nullable String token) {
    this.token = token == null || token.isEmpty() ? null : token;
    return self();
  }

  /**
   * An extra header sent with every request (over WebSocket, with the upgrade request), e.g. for a
   * proxy in front of the server.
   */
  public B header(String name, String value) {
    headers.put(name, value);
    return self();
  }

  /** Trust and client certificates for {@code https} or {@code wss}. */
  public B tls(@Nullable ClientTls tls) {
    this.tls = tls;
    return self();
  }

  /** How long the TCP and TLS connection (over WebSocket, with the upgrade) may take (default 10 s). */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }
}
