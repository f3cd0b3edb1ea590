package dev.rexd.transport.http.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the WebSocket side needs besides the container's: one scheduler for keep-alive
 * ticks, and daemon threads for the work that may block on a stuck socket (Jakarta's
 * {@code sendPing} waits until the frame is written; a container's {@code close} may too), so a
 * stuck client never holds up the ticks of the others.
 *
 * <pre>{@code
 * SocketThreads threads = SocketThreads.start();
 * threads.io().execute(() -> session.getAsyncRemote().sendPing(ByteBuffer.allocate(0)));
 * threads.shutdown();
 * }</pre>
 */
record SocketThreads(ScheduledExecutorService keepAlive, ExecutorService io) {

  static SocketThreads start() {
    return new SocketThreads(Executors.newSingleThreadScheduledExecutor(daemon("rexd-ws-keepalive")),
        Executors.newCachedThreadPool(daemon("rexd-ws-io")));
  }

  void shutdown() {
    keepAlive.shutdownNow();
    io.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
