package dev.rexd.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on a loopback port in front of another one, that can cut every connection through
 * it at once (as a NAT or a flaky network would) while it keeps accepting new ones.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Semaphore accepted = new Semaphore(0);

  CuttingProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::acceptLoop, "proxy-accept");
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Waits until {@code n} more connections came through. */
  boolean awaitConnections(int n, long seconds) throws InterruptedException {
    return accepted.tryAcquire(n, seconds, TimeUnit.SECONDS);
  }

  /** Closes every connection through the proxy, both ends. */
  void cutAll() {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
    sockets.clear();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket in = listener.accept();
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(in);
        sockets.add(out);
        daemon(() -> pump(in, out), "proxy-up");
        daemon(() -> pump(out, in), "proxy-down");
        accepted.release();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buf = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      // cut
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }
}
