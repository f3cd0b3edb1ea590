package dev.rexd.transport.http.server;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.jspecify.annotations.Nullable;

/**
 * The embedded Jetty every rexd server runs on: daemon threads named after it, no version
 * headers, and one connector on an address over plain HTTP or TLS ({@link ServerTls}).
 *
 * <pre>{@code
 * Server jetty = JettyServers.create("rexd-hub", Duration.ofSeconds(1));
 * jetty.addConnector(JettyServers.connector(jetty, "127.0.0.1", 8443, tls));
 * JettyServers.start(jetty, "the hub on 127.0.0.1:8443");
 * }</pre>
 */
public final class JettyServers {
  private JettyServers() {}

  /** A Jetty server on daemon threads named {@code name}, letting requests finish for {@code stopTimeout}. */
  public static Server create(String name, Duration stopTimeout) {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName(name);
    threads.setDaemon(true);
    Server jetty = new Server(threads, new ScheduledExecutorScheduler(name + "-scheduler", true), null);
    jetty.setStopTimeout(stopTimeout.toMillis());
    return jetty;
  }

  /** A connector bound to {@code host:port} (port 0: any free one), over TLS when {@code tls} is set. */
  public static ServerConnector connector(Server jetty, String host, int port, @Nullable ServerTls tls) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector;
    if (tls == null) {
      connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    } else {
      http.setSecureScheme("https");
      http.addCustomizer(new SecureRequestCustomizer());
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(tls.keystore().toString());
      ssl.setKeyStorePassword(tls.keystorePassword());
      ssl.setKeyStoreType("PKCS12");
      if (tls.truststore() != null) {
        ssl.setTrustStorePath(tls.truststore().toString());
        ssl.setTrustStorePassword(tls.truststorePassword() == null ? "" : tls.truststorePassword());
        ssl.setTrustStoreType("PKCS12");
      }
      ssl.setNeedClientAuth(tls.requireClientCert());
      connector = new ServerConnector(jetty, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    }
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /**
   * Starts {@code jetty}, or stops what started of it and fails.
   *
   * @param what what it serves, for the error ("HTTP on 127.0.0.1:8080")
   * @throws IOException when it cannot start (the address is taken, the keystore cannot be read)
   */
  public static void start(Server jetty, String what) throws IOException {
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        jetty.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw new IOException("cannot serve " + what + ": " + e.getMessage(), e);
    }
  }

  /** The URL of {@code path} on a server bound to {@code host:port}: an empty host as {@code 127.0.0.1}. */
  public static URI uri(String scheme, String host, int port, String path) {
    String h = host.isEmpty() ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return URI.create(scheme + "://" + h + ":" + port + path);
  }
}
