package dev.rexd.bench.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The floor of the WebSocket figures: the smallest RFC 6455 server that echoes every text frame it
 * receives (handshake, unmasking, one thread, no extensions). Anything a real server adds costs
 * more, so this is a lower bound of a WebSocket round trip on loopback.
 *
 * <pre>{@code
 * try (MiniWebSocketEcho echo = MiniWebSocketEcho.start()) { URI u = echo.uri(); }
 * }</pre>
 */
final class MiniWebSocketEcho implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private final ServerSocket server;

  private MiniWebSocketEcho(ServerSocket server) {
    this.server = server;
  }

  static MiniWebSocketEcho start() throws IOException {
    ServerSocket s = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    MiniWebSocketEcho echo = new MiniWebSocketEcho(s);
    Thread t = new Thread(echo::acceptLoop, "bench-ws-echo");
    t.setDaemon(true);
    t.start();
    return echo;
  }

  java.net.URI uri() {
    return java.net.URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/echo");
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "bench-ws-echo-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      InputStream raw = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String key = null;
      for (String line; !(line = readLine(raw)).isEmpty(); ) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(raw);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int op = b0 & 0x0f;
        long len = b1 & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        if (op == 8) {
          out.write(new byte[] {(byte) 0x88, 0});
          out.flush();
          return;
        }
        if (op == 9) {
          continue;
        }
        frame.write(payload);
        if ((b0 & 0x80) == 0) {
          continue;
        }
        byte[] p = frame.toByteArray();
        frame.reset();
        ByteArrayOutputStream o = new ByteArrayOutputStream(p.length + 10);
        o.write(0x81);
        if (p.length < 126) {
          o.write(p.length);
        } else if (p.length < 65536) {
          o.write(126);
          o.write(p.length >>> 8);
          o.write(p.length & 0xff);
        } else {
          o.write(127);
          for (int i = 7; i >= 0; i--) {
            o.write((int) ((long) p.length >>> (8 * i)) & 0xff);
          }
        }
        o.write(p);
        out.write(o.toByteArray());
        out.flush();
      }
    } catch (Exception e) {
      // the client left
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
