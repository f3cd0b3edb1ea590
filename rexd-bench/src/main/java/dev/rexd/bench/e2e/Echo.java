package dev.rexd.bench.e2e;

import dev.rexd.api.transport.Transport;
import dev.rexd.transport.stdio.InMemoryTransport;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The floor of a small call: a frame sent over a transport and echoed back unchanged by the
 * simplest possible peer, read by the same client-side machinery the rexd figures use (a
 * {@link Transport} whose reader thread hands the frame to the waiting caller). The difference to
 * {@code fs.stat} over the same transport is then the server's own cost.
 *
 * <ul>
 *   <li>{@link #inMemory}: the far end of an {@link InMemoryTransport} pair sends each frame back;
 *   <li>{@link #pipe}: {@code cat} as a child process, over its stdin/stdout pipes;
 *   <li>{@link #tcp}: a loopback socket whose server thread writes back every byte it reads;
 *   <li>{@link #websocket}: the smallest WebSocket echo server ({@link MiniWebSocketEcho}).
 * </ul>
 *
 * <pre>{@code
 * try (Echo e = Echo.pipe()) { long nanos = e.roundTrip(frame); }
 * }</pre>
 */
abstract class Echo implements AutoCloseable, Transport.Listener {
  private final BlockingQueue<String> inbox = new ArrayBlockingQueue<>(16);
  private Transport client;

  final void attach(Transport t) {
    client = t;
    t.start(this);
  }

  /** Nanoseconds from send to the echoed frame's arrival at the caller. */
  long roundTrip(String frame) {
    long t0 = System.nanoTime();
    client.send(frame);
    try {
      String back = inbox.poll(10, TimeUnit.SECONDS);
      if (back == null) {
        throw new IllegalStateException("no echo within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return System.nanoTime() - t0;
  }

  @Override
  public void onFrame(String json) {
    inbox.offer(json);
  }

  @Override
  public void onClosed(@Nullable Throwable cause) {}

  @Override
  public void close() {
    client.close();
  }

  static Echo inMemory() {
    InMemoryTransport[] pair = InMemoryTransport.pair(256);
    pair[0].start(new Transport.Listener() {
      @Override
      public void onFrame(String json) {
        pair[0].send(json);
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {}
    });
    Echo e = new Echo() {};
    e.attach(pair[1]);
    return e;
  }

  static Echo pipe() {
    Process cat;
    try {
      cat = new ProcessBuilder("cat").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Echo e = new Echo() {
      @Override
      public void close() {
        super.close();
        cat.destroy();
      }
    };
    e.attach(StdioTransports.attach(cat.getInputStream(), cat.getOutputStream()));
    return e;
  }

  /** A WebSocket echo server's far end: {@link MiniWebSocketEcho}, reached with the JDK client. */
  static Echo websocket(java.net.URI uri) {
    Echo e = new Echo() {};
    e.attach(JdkWebSocketTransport.connect(uri));
    return e;
  }

  static Echo tcp() {
    try {
      ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      Thread t = new Thread(() -> {
        try (server; Socket s = server.accept()) {
          s.setTcpNoDelay(true);
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          byte[] buf = new byte[64 * 1024];
          for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
          }
        } catch (IOException ignored) {
          // the client left
        }
      }, "bench-tcp-echo");
      t.setDaemon(true);
      t.start();
      Socket c = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      c.setTcpNoDelay(true);
      Echo e = new Echo() {};
      e.attach(StdioTransports.attach(c.getInputStream(), c.getOutputStream()));
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
