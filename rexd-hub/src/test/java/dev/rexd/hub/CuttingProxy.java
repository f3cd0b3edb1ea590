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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on a loopback port in front of another one, that can cut every connection through
 * it at once (as a NAT or a flaky network would), or black-hole them (stop forwarding anything,
 * end-of-stream included, while both sockets stay open: a middlebox that silently lost its state),
 * while it keeps accepting and forwarding new ones.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<AtomicBoolean> silenced = new CopyOnWriteArrayList<>();
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

  /** Stops forwarding on every connection through the proxy now; their sockets stay open until {@link #close}. */
  void blackHole() {
    silenced.forEach(s -> s.set(true));
    silenced.clear();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket in = listener.accept();
        Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(in);
        sockets.add(out);
        AtomicBoolean silent = new AtomicBoolean();
        silenced.add(silent);
        daemon(() -> pump(in, out, silent), "proxy-up");
        daemon(() -> pump(out, in, silent), "proxy-down");
        accepted.release();
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Copies until the end; once {@code silent}, reads and drops everything and leaves both sockets open. */
  private static void pump(Socket from, Socket to, AtomicBoolean silent) {
    byte[] buf = new byte[16384];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (!silent.get()) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // cut
    }
    if (silent.get()) {
      return;
    }
    try {
      from.close();
      to.close();
    } catch (IOException e) {
      // already closed
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
