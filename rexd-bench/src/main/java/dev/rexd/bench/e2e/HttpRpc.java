package dev.rexd.bench.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One-shot JSON-RPC over {@code POST /rpc} with the JDK's HTTP client (keep-alive, HTTP/1.1), and
 * the floor for it: the JDK's built-in HTTP server answering every POST with its own body.
 *
 * <pre>{@code
 * HttpRpc rpc = new HttpRpc(URI.create("http://127.0.0.1:8080/rpc"));
 * String answer = rpc.post(frame);
 * }</pre>
 */
final class HttpRpc {
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI uri;

  HttpRpc(URI uri) {
    this.uri = uri;
  }

  String post(String frame) {
    try {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(frame)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Nanoseconds of one POST and its answer. */
  long roundTrip(String frame) {
    long t0 = System.nanoTime();
    post(frame);
    return System.nanoTime() - t0;
  }

  /** The JDK HTTP server echoing POST bodies on /rpc; stop it with {@code stop(0)}. */
  static HttpServer echoServer() throws IOException {
    // without TCP_NODELAY the JDK server's header and body writes meet delayed ACKs: ~40 ms a call
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    s.createContext("/rpc", ex -> {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    s.start();
    return s;
  }
}
