package dev.rexd.bench.e2e;

import dev.rexd.api.transport.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A client-side {@link Transport} over the JDK's own WebSocket client ({@code java.net.http}): one
 * JSON-RPC message per text frame, sends serialised, so the harness needs no client library of
 * the project's HTTP module.
 *
 * <pre>{@code
 * Transport t = JdkWebSocketTransport.connect(URI.create("ws://127.0.0.1:8080/ws"));
 * }</pre>
 */
final class JdkWebSocketTransport implements Transport {
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile @Nullable Listener listener;
  private WebSocket ws;

  private JdkWebSocketTransport(URI uri) {
    this.uri = uri;
  }

  static JdkWebSocketTransport connect(URI uri) {
    return new JdkWebSocketTransport(uri);
  }

  @Override
  public void start(Listener l) {
    this.listener = l;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ws = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
          partial.append(data);
        } else if (partial.length() > 0) {
          partial.append(data);
          String frame = partial.toString();
          partial.setLength(0);
          l.onFrame(frame);
        } else {
          l.onFrame(data.toString());
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        report(null);
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        report(error);
      }
    }).join();
  }

  @Override
  public synchronized CompletableFuture<Void> send(String frame) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("closed"));
    }
    try {
      ws.sendText(frame, true).join();
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ws != null) {
      try {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ignored) {
        ws.abort();
      }
      report(null);
    }
  }

  private void report(@Nullable Throwable cause) {
    Listener l = listener;
    if (l != null && reported.compareAndSet(false, true)) {
      l.onClosed(cause);
    }
  }
}
