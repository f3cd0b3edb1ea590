package dev.rexd.transport.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that forwards every connection to one port and can cut them all at once
 * (a reset, as a dropped network would), while still accepting new ones.
 *
 * <pre>{@code
 * try (CuttingProxy proxy = new CuttingProxy(http.port())) {
 *   URI ws = URI.create("ws://127.0.0.1:" + proxy.port() + "/ws");
 *   ...
 *   proxy.cutAll();
 * }
 * }</pre>
 */
final class CuttingProxy implements AutoCloseable {
  private final int target;
  private final ServerSocket listener;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  CuttingProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "cutting-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** How many connections were accepted so far. */
  int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
        open.add(client);
        open.add(server);
        accepted.incrementAndGet();
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its socket close
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
        }
      } catch (IOException e) {
        // cut
      }
      closeQuietly(from);
      closeQuietly(to);
    }, "cutting-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Resets every open connection; new ones are still accepted. */
  void cutAll() {
    for (Socket s : open) {
      try {
        s.setSoLinger(true, 0);
      } catch (IOException e) {
        // closed already
      }
      closeQuietly(s);
    }
    open.clear();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }
}
