package dev.rexd.mcp;

import dev.rexd.api.json.RexdJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sits between an MCP client's messages (one JSON-RPC message per line) and the SDK's stdio
 * transport, which has no handler for {@code notifications/cancelled}: it takes those out and
 * cancels the call they name, and stamps each {@code tools/call} with its request id in
 * {@code _meta} ({@value #REQUEST_ID}), so the tool handler knows which id it serves. Every other
 * line passes unchanged. {@link #closed()} completes at the end of the input.
 *
 * <pre>{@code
 * InputStream in = new CancellationFilter(System.in, calls);
 * new StdioServerTransportProvider(mapper, in, System.out);
 * }</pre>
 */
final class CancellationFilter extends InputStream {
  /** The {@code _meta} key carrying a {@code tools/call}'s JSON-RPC id. */
  static final String REQUEST_ID = "dev.rexd/request_id";

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

  /** The line to pass on, or null to drop it. */
  private byte @Nullable [] filter(byte[] raw) {
    @Nullable JsonNode message;
    try {
      message = raw.length == 0 || raw[0] != '{' && firstNonBlank(raw) != '{' ? null : RexdJson.mapper().readTree(raw);
    } catch (JacksonException notJson) {
      message = null;
    }
    if (message != null && message.isObject()) {
      String method = message.path("method").asString("");
      if (method.equals("notifications/cancelled")) {
        JsonNode id = message.path("params").path("requestId");
        if (!id.isMissingNode()) {
          calls.cancel(id.asString());
        }
        return null;
      }
      if (method.equals("tools/call") && message.has("id") && message.path("params").isObject()) {
        ObjectNode params = (ObjectNode) message.get("params");
        JsonNode meta = params.get("_meta");
        ObjectNode stamped = meta instanceof ObjectNode o ? o : params.putObject("_meta");
        stamped.put(REQUEST_ID, message.get("id").asString());
        return (message.toString() + "\n").getBytes(StandardCharsets.UTF_8);
      }
    }
    byte[] out = java.util.Arrays.copyOf(raw, raw.length + 1);
    out[raw.length] = '\n';
    return out;
  }

  private static int firstNonBlank(byte[] raw) {
    for (byte b : raw) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return b;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    in.close();
    closed.complete(null);
  }
}
