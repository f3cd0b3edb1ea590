package dev.rexd.transport.http.server;

import dev.rexd.api.transport.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketRemoteEndpoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.jspecify.annotations.Nullable;

/**
 * The server's end of one WebSocket as a {@link Transport}: inbound text messages (assembled from
 * partial frames, counted in UTF-8 bytes, and skipped past {@code max_message_bytes} so the
 * server can answer {@code -32600}) go to the listener; {@link #send} completes once the
 * container wrote the frame, so the connection's single writer waits for a slow client. A frame
 * not written within the send timeout closes the socket with a logged reason. {@link #sendUtf8}
 * hands the bytes to Jetty as the payload of a text frame, which is what Jetty's own
 * {@code sendText} makes of a {@code String}, so output events are never decoded on the way out.
 *
 * <pre>{@code
 * WebSocketServerTransport t = new WebSocketServerTransport(session, maxMessageBytes, settings, threads.io());
 * server.connectReattachable(t);
 * session.addMessageHandler(String.class, (MessageHandler.Partial<String>) t::onPart);
 * }</pre>
 */
final class WebSocketServerTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(WebSocketServerTransport.class.getName());
  private static final AtomicLong IDS = new AtomicLong();
  /**
   * Whether Jetty's ee10 endpoint, which can send a text frame from bytes, is on the class path:
   * in another container (Tomcat, Jetty ee11 under Spring Boot 4) it is absent and frames go as text.
   */
  private static final boolean JETTY_EE10_FRAMES = isPresent(
      "org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketRemoteEndpoint");

  private final String name = "rexd-ws-" + IDS.incrementAndGet();
  private final Session session;
  private final int maxMessageBytes;
  private final WebSocketSettings settings;
  private final Executor io;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean pinging = new AtomicBoolean();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile @Nullable Listener listener;
  private volatile @Nullable ScheduledFuture<?> keepAlive;
  private volatile long lastHeardNanos = System.nanoTime();
  // the message being assembled; the container delivers one part at a time per socket
  private StringBuilder message = new StringBuilder();
  private long messageBytes;

  /**
   * @param io runs what may block on a stuck socket (pings, closes), off the keep-alive and timer
   *     threads
   */
  WebSocketServerTransport(Session session, int maxMessageBytes, WebSocketSettings settings, Executor io) {
    this.session = session;
    this.maxMessageBytes = maxMessageBytes;
    this.settings = settings;
    this.io = io;
  }

  @Override
  public void start(Listener listener) {
    if (this.listener != null) {
      throw new IllegalStateException("already started");
    }
    this.listener = listener;
  }

  /** One part of an inbound text message, in order; {@code last} ends the message. */
  void onPart(String part, boolean last) {
    heard();
    boolean fitted = messageBytes <= maxMessageBytes;
    messageBytes += utf8Length(part);
    if (messageBytes <= maxMessageBytes) {
      message.append(part);
    } else if (fitted) {
      message = new StringBuilder(); // too large: drop what was gathered, keep counting
    }
    if (!last) {
      return;
    }
    long length = messageBytes;
    String text = length <= maxMessageBytes ? message.toString() : null;
    message = new StringBuilder();
    messageBytes = 0;
    Listener l = listener;
    if (l == null) {
      return;
    }
    if (text == null) {
      l.onOversizedFrame(length);
    } else {
      l.onFrame(text);
    }
  }

  /** The client showed it is alive (a message or a pong). */
  void heard() {
    lastHeardNanos = System.nanoTime();
  }

  /** Pings the client every interval and disconnects it after three silent ones. */
  void keepAlive(ScheduledExecutorService scheduler) {
    long period = settings.pingInterval().toMillis();
    keepAlive = scheduler.scheduleAtFixedRate(this::ping, period, period, TimeUnit.MILLISECONDS);
  }

  private void ping() {
    if (closed.get()) {
      return;
    }
    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    if (silentMs > settings.silenceLimit().toMillis()) {
      disconnect(CloseReason.CloseCodes.GOING_AWAY, "no message or pong from the client for " + silentMs + " ms");
      return;
    }
    if (!pinging.compareAndSet(false, true)) {
      return; // the last ping is still waiting for the socket
    }
    runOffThread(() -> {
      try {
        session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, name + ": ping failed: " + e);
      } finally {
        pinging.set(false);
      }
    });
  }

  private void runOffThread(Runnable task) {
    try {
      io.execute(task);
    } catch (RejectedExecutionException shuttingDown) {
      task.run();
    }
  }

  @Override
  public CompletableFuture<Void> send(String frame) {
    return write(written -> session.getAsyncRemote().sendText(frame, result -> {
      if (result.isOK()) {
        written.complete(null);
      } else {
        written.completeExceptionally(result.getException());
      }
    }));
  }

  @Override
  public CompletableFuture<Void> sendUtf8(byte[] frame) {
    if (!JETTY_EE10_FRAMES || !(session.getAsyncRemote() instanceof JakartaWebSocketRemoteEndpoint jetty)) {
      return send(new String(frame, StandardCharsets.UTF_8));
    }
    return write(written ->
        jetty.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(frame)), Callback.from(written), false));
  }

  /** Starts one send that completes {@code written}, and bounds it by the send timeout. */
  private CompletableFuture<Void> write(Consumer<CompletableFuture<Void>> start) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IOException(name + " is closed"));
    }
    CompletableFuture<Void> written = new CompletableFuture<>();
    try {
      start.accept(written);
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    long timeoutMs = settings.sendTimeout().toMillis();
    return written.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof TimeoutException) {
        disconnect(CloseReason.CloseCodes.VIOLATED_POLICY,
            "the client read nothing for " + timeoutMs + " ms (send timeout)");
      }
    });
  }

  private void disconnect(CloseReason.CloseCode code, String why) {
    LOG.log(System.Logger.Level.WARNING, name + ": " + why + "; disconnecting (its sessions stay for a reattach)");
    close(code, why, new TimeoutException(why));
  }

  @Override
  public void close() {
    close(CloseReason.CloseCodes.NORMAL_CLOSURE, "closing", null);
  }

  void close(CloseReason.CloseCode code, String why, @Nullable Throwable cause) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopKeepAlive();
    runOffThread(() -> {
      try {
        session.close(new CloseReason(code, why));
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, name + ": close failed: " + e);
      }
    });
    report(cause);
  }

  /** The container saw the socket end (close frame, error, shutdown). */
  void ended(@Nullable Throwable cause) {
    closed.set(true);
    stopKeepAlive();
    report(cause);
  }

  private void stopKeepAlive() {
    ScheduledFuture<?> k = keepAlive;
    if (k != null) {
      k.cancel(false);
    }
  }

  private void report(@Nullable Throwable cause) {
    Listener l = listener;
    if (l != null && reported.compareAndSet(false, true)) {
      l.onClosed(cause);
    }
  }

  /** The UTF-8 length of a string without encoding it. */
  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  @Override
  public String toString() {
    return name;
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, WebSocketServerTransport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
