package dev.rexd.transport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests the JDK client will not send (a forged
 * {@code Host}, hand-made upgrade headers). Returns the status line and headers only.
 *
 * <pre>{@code
 * String head = RawHttp.head(port, "POST /rpc HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n");
 * }</pre>
 */
final class RawHttp {
  private RawHttp() {}

  static String head(int port, String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      for (int b; matched < 4 && (b = in.read()) >= 0; ) {
        head.write(b);
        matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
      }
      return head.toString(StandardCharsets.ISO_8859_1);
    }
  }

  static int status(String head) {
    return Integer.parseInt(head.substring(9, 12));
  }
}
