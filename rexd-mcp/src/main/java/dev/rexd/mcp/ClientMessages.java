package dev.rexd.mcp;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the server does with one message from an MCP client before the SDK sees it, as the SDK's
 * transports have no handler for {@code notifications/cancelled}: a cancellation is taken out and
 * handed to a consumer with the id of the request it names; a {@code tools/call} is stamped with
 * its own request id in {@code _meta} ({@value #REQUEST_ID}), so the tool handler knows which
 * call it serves; anything else passes unchanged. Ids are given as {@code scope + " " + id}, so
 * the same request id in two MCP sessions names two calls.
 *
 * <pre>{@code
 * byte[] passed = ClientMessages.route(line, sessionId, calls::cancel);   // null: taken out
 * }</pre>
 */
final class ClientMessages {
  /** The {@code _meta} key carrying a {@code tools/call}'s scoped JSON-RPC id. */
  static final String REQUEST_ID = "dev.rexd/request_id";

  private ClientMessages() {}

  /**
   * The message to pass on to the SDK, or null when it was a cancellation (handed to
   * {@code cancel} with its scoped request id).
   */
  static byte @Nullable [] route(byte[] raw, String scope, Consumer<String> cancel) {
    JsonNode message = parse(raw);
    if (message == null || !message.isObject()) {
      return raw;
    }
    String method = message.path("method").asString("");
    if (method.equals("notifications/cancelled")) {
      JsonNode id = message.path("params").path("requestId");
      if (id.isString() || id.isNumber()) {
        cancel.accept(scoped(scope, id.asString()));
      }
      return null;
    }
    if (method.equals("tools/call") && message.has("id") && message.get("params") instanceof ObjectNode params) {
      ObjectNode meta = params.get("_meta") instanceof ObjectNode o ? o : params.putObject("_meta");
      meta.put(REQUEST_ID, scoped(scope, message.get("id").asString()));
      return message.toString().getBytes(StandardCharsets.UTF_8);
    }
    return raw;
  }

  static String scoped(String scope, String requestId) {
    return scope + " " + requestId;
  }

  private static @Nullable JsonNode parse(byte[] raw) {
    int first = 0;
    while (first < raw.length && (raw[first] == ' ' || raw[first] == '\t' || raw[first] == '\r'
        || raw[first] == '\n')) {
      first++;
    }
    if (first == raw.length || raw[first] != '{') {
      return null;
    }
    try {
      return RexdMcpServer.JSON.readTree(raw);
    } catch (JacksonException notJson) {
      return null;
    }
  }
}
