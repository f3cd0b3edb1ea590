package dev.rexd.client;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.transport.Transport;
import dev.rexd.transport.stdio.InMemoryTransport;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A fake server the test drives frame by frame over a real in-memory transport, for protocol edge
 * cases a real server does not produce on demand (out-of-order responses, unknown codes, late
 * answers, events right behind a response).
 *
 * <pre>{@code
 * ScriptedServer server = new ScriptedServer();
 * RexdClient client = RexdClient.builder().transport(server.clientEnd()).build();
 * JsonNode req = server.nextRequest();
 * server.respond(req, Map.of("ok", true));
 * }</pre>
 */
final class ScriptedServer implements AutoCloseable {
  private final InMemoryTransport serverEnd;
  private final InMemoryTransport clientEnd;
  private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();

  ScriptedServer() {
    InMemoryTransport[] pair = InMemoryTransport.pair(64);
    serverEnd = pair[0];
    clientEnd = pair[1];
    serverEnd.start(new Transport.Listener() {
      @Override
      public void onFrame(String json) {
        inbox.add(RexdJson.mapper().readTree(json));
      }

      @Override
      public void onClosed(@Nullable Throwable cause) {}
    });
  }

  Transport clientEnd() {
    return clientEnd;
  }

  /** The next request the client sent (fails the test after 10 s). */
  JsonNode nextRequest() throws InterruptedException {
    JsonNode n = inbox.poll(10, TimeUnit.SECONDS);
    if (n == null) {
      throw new AssertionError("no request arrived");
    }
    return n;
  }

  /** Whether a request is waiting. */
  boolean hasRequest() {
    return !inbox.isEmpty();
  }

  void respond(JsonNode request, Object result) {
    ObjectNode out = RexdJson.mapper().createObjectNode();
    out.put("jsonrpc", "2.0");
    out.set("id", request.get("id"));
    out.set("result", RexdJson.mapper().valueToTree(result));
    send(out);
  }

  void fail(JsonNode request, int code, String message, @Nullable Map<String, Object> data) {
    ObjectNode out = RexdJson.mapper().createObjectNode();
    out.put("jsonrpc", "2.0");
    out.set("id", request.get("id"));
    ObjectNode err = out.putObject("error");
    err.put("code", code);
    err.put("message", message);
    if (data != null) {
      err.set("data", RexdJson.mapper().valueToTree(data));
    }
    send(out);
  }

  void event(String method, Map<String, Object> params) {
    ObjectNode out = RexdJson.mapper().createObjectNode();
    out.put("jsonrpc", "2.0");
    out.put("method", method);
    out.set("params", RexdJson.mapper().valueToTree(params));
    send(out);
  }

  void sendRaw(String frame) {
    serverEnd.send(frame).join();
  }

  /** Sends a frame as UTF-8 bytes: the client's listener gets bytes, as from a pipe. */
  void sendRawUtf8(byte[] frame) {
    serverEnd.sendUtf8(frame).join();
  }

  private void send(ObjectNode frame) {
    sendRaw(RexdJson.mapper().writeValueAsString(frame));
  }

  /** Answers {@code session.open} with session {@code s1} and these limits. */
  void openSession(Map<String, Long> limits) throws InterruptedException {
    openSession(limits, java.util.List.of("exec", "fs", "events"));
  }

  /** Answers {@code session.open} with session {@code s1}, these limits and these capabilities. */
  void openSession(Map<String, Long> limits, java.util.List<String> capabilities) throws InterruptedException {
    JsonNode req = nextRequest();
    if (!req.get("method").asString().equals("session.open")) {
      throw new AssertionError("expected session.open, got " + req);
    }
    respond(req, Map.of("session_id", "s1", "protocol", "rexd/1", "server_version", "test",
        "capabilities", capabilities, "limits", limits, "workspace_roots", java.util.List.of("/w")));
  }

  @Override
  public void close() {
    serverEnd.close();
  }
}
