package dev.rexd.mcp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sits between an MCP client's messages (one JSON-RPC message per line) and the SDK's stdio
 * transport, routing each through {@link ClientMessages}: cancellations cancel the call they name,
 * {@code tools/call} requests are stamped with their id, every other line passes unchanged. {@link #closed()} completes at the end of the input.
 *
 * <pre>{@code
 * InputStream in = new CancellationFilter(System.in, calls);
 * new StdioServerTransportProvider(mapper, in, System.out);
 * }</pre>
 */
final class CancellationFilter extends InputStream {
  /** The scope of request ids on stdio: one client, one id space. */
  static final String SCOPE = "stdio";

  private final InputStream in;
  private final ActiveCalls calls;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private InputStream current = new ByteArrayInputStream(new byte[0]);
  private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

  CancellationFilter(InputStream in, ActiveCalls calls) {
    this.in = in instanceof java.io.BufferedInputStream ? in : new java.io.BufferedInputStream(in);
    this.calls = calls;
  }

  /** Completes when the client's input has ended. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      int n = current.read(b, off, len);
      if (n > 0) {
        return n;
      }
      byte[] next = nextLine();
      if (next == null) {
        closed.complete(null);
        return -1;
      }
      current = new ByteArrayInputStream(next);
    }
  }

  /** The next line as it goes on to the SDK (with its newline), or null at the end. */
  private byte @Nullable [] nextLine() throws IOException {
    while (true) {
      line.reset();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.write(c);
      }
      if (c < 0 && line.size() == 0) {
        return null;
      }
      byte[] passed = filter(line.toByteArray());
      if (passed != null) {
        return passed;
      }
      if (c < 0) {
        return null;
      }
    }
  }

  /** The line to pass on (with its newline), or null to drop it. */
  private byte @Nullable [] filter(byte[] raw) {
    byte[] passed = ClientMessages.route(raw, SCOPE, calls::cancel);
    if (passed == null) {
      return null;
    }
    byte[] out = java.util.Arrays.copyOf(passed, passed.length + 1);
    out[passed.length] = '\n';
    return out;
  }

  @Override
  public void close() throws IOException {
    in.close();
    closed.complete(null);
  }
}
