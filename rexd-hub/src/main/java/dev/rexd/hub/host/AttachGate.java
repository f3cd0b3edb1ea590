package dev.rexd.hub.host;

import dev.rexd.api.transport.Transport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A data connection as the server sees it, once the hub said whom it relays: the first frame
 * ({@code hub.attach}) is taken here, every later one goes to the server's listener, unchanged
 * and in order (the socket's reader waits for that listener, so nothing is lost or buffered
 * between the two).
 *
 * <pre>{@code
 * AttachGate gate = new AttachGate(socket);
 * String attach = gate.firstFrame(Duration.ofSeconds(10));
 * server.connectReattachable(gate, principal);
 * }</pre>
 */
final class AttachGate implements Transport {
  private static final Listener DISCARD = new Listener() {
    @Override
    public void onFrame(String json) {}

    @Override
    public void onClosed(@Nullable Throwable cause) {}
  };

  private final Transport socket;
  private final CompletableFuture<String> first = new CompletableFuture<>();
  private final CompletableFuture<Listener> server = new CompletableFuture<>();

  AttachGate(Transport socket) {
    this.socket = socket;
    socket.start(new Listener() {
      private boolean attached;

      @Override
      public void onFrame(String json) {
        if (!attached) {
          attached = true;
          first.complete(json);
        } else {
          server.join().onFrame(json);
        }
      }

      @Override
      public void onOversizedFrame(long length) {
        server.join().onOversizedFrame(length);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {
        first.completeExceptionally(new java.io.IOException("the hub closed the data connection before hub.attach"));
        server.thenAccept(l -> l.onClosed(cause));
      }
    });
  }

  /**
   * The hub's first frame.
   *
   * @throws TimeoutException when none came in time (the socket is closed)
   */
  String firstFrame(Duration timeout) throws TimeoutException, ExecutionException, InterruptedException {
    try {
      return first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException | InterruptedException e) {
      refuse();
      throw e;
    }
  }

  /** Ends the connection without serving it. */
  void refuse() {
    server.complete(DISCARD);
    socket.close();
  }

  @Override
  public void start(Listener listener) {
    if (!server.complete(listener)) {
      throw new IllegalStateException("already started");
    }
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    return socket.send(frame);
  }

  @Override
  public CompletableFuture<Void> sendUtf8(byte[] frame) {
    return socket.sendUtf8(frame);
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "hub data connection " + socket;
  }
}
