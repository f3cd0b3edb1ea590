package dev.rexd.api.rpc;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.Reasons;
import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes JSON-RPC 2.0 frames, enforcing the envelope rules of protocol section 1.
 *
 * <pre>{@code
 * JsonNode frame = JsonRpcCodec.parse(line);            // -32700 when not JSON
 * JsonRpcMessage msg = JsonRpcCodec.decode(frame);      // -32600 when not a valid message
 * String out = JsonRpcCodec.encode(JsonRpcResponse.success(msg.id(), result));
 * }</pre>
 */
public final class JsonRpcCodec {
  private static final String VERSION = "2.0";

  private JsonRpcCodec() {}

  /** Parses one frame's text; invalid JSON is {@code -32700}. */
  public static JsonNode parse(String text) {
    try {
      JsonNode node = RexdJson.mapper().readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new RexdException.Parse("empty message");
      }
      return node;
    } catch (JacksonException e) {
      throw new RexdException.Parse("invalid JSON: " + e.getOriginalMessage());
    }
  }

  /** Decodes one message object; a malformed envelope is {@code -32600}. */
  public static JsonRpcMessage decode(JsonNode node) {
    if (!node.isObject()) {
      throw invalid("a message must be a JSON object");
    }
    JsonNode version = node.get("jsonrpc");
    if (version == null || !version.isString() || !VERSION.equals(version.asString())) {
      throw invalid("jsonrpc must be \"2.0\"");
    }
    JsonNode method = node.get("method");
    JsonNode id = node.get("id");
    if (id != null && !(id.isString() || id.isIntegralNumber() || id.isNull())) {
      // a fraction or an exponent (1e400 is Infinity as a double) would not come back as sent
      throw invalid(id.isNumber() ? "a numeric id must be an integer" : "id must be a string, a number or null");
    }
    if (method == null) {
      return decodeResponse(node, id);
    }
    if (!method.isString()) {
      throw invalid("method must be a string");
    }
    JsonNode params = node.get("params");
    if (params != null && !(params.isObject() || params.isArray() || params.isNull())) {
      throw invalid("params must be an object or an array");
    }
    JsonNode p = params == null || params.isNull() ? null : params;
    return id == null
        ? new JsonRpcNotification(method.asString(), p)
        : new JsonRpcRequest(id, method.asString(), p);
  }

  private static JsonRpcMessage decodeResponse(JsonNode node, JsonNode id) {
    if (id == null) {
      throw invalid("missing method");
    }
    JsonNode error = node.get("error");
    if (error != null && error.isObject()) {
      JsonNode data = error.get("data");
      return new JsonRpcResponse(id, null, new RpcError(
          error.path("code").asInt(ErrorCode.INTERNAL_ERROR.code()),
          error.path("message").asString(""),
          data == null || data.isNull() ? null : data));
    }
    if (!node.has("result")) {
      throw invalid("missing method");
    }
    return new JsonRpcResponse(id, node.get("result"), null);
  }

  /**
   * The id of a message object when it has a usable one (a string or an integer), so an error can
   * still name it; null otherwise.
   */
  public static JsonNode idOf(JsonNode node) {
    JsonNode id = node.isObject() ? node.get("id") : null;
    return id != null && (id.isString() || id.isIntegralNumber()) ? id : JsonNodeFactory.instance.nullNode();
  }

  /** The message as a JSON object. */
  public static ObjectNode toNode(JsonRpcMessage message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("jsonrpc", VERSION);
    if (message instanceof JsonRpcRequest r) {
      out.set("id", r.id());
      out.put("method", r.method());
      putParams(out, r.params());
    } else if (message instanceof JsonRpcNotification n) {
      out.put("method", n.method());
      putParams(out, n.params());
    } else if (message instanceof JsonRpcResponse r) {
      out.set("id", r.id());
      RpcError e = r.error();
      if (e == null) {
        out.set("result", r.result());
      } else {
        ObjectNode err = out.putObject("error");
        err.put("code", e.code());
        err.put("message", e.message());
        if (e.data() != null) {
          err.set("data", e.data());
        }
      }
    }
    return out;
  }

  private static void putParams(ObjectNode out, @Nullable JsonNode params) {
    if (params != null) {
      out.set("params", params);
    }
  }

  /** The message as one line of JSON text (no trailing newline). */
  public static String encode(JsonRpcMessage message) {
    return RexdJson.mapper().writeValueAsString(toNode(message));
  }

  /** A batch of messages as one JSON array text. */
  public static String encodeBatch(List<? extends JsonRpcMessage> messages) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    messages.forEach(m -> array.add(toNode(m)));
    return RexdJson.mapper().writeValueAsString(array);
  }

  private static RexdException invalid(String message) {
    return RexdException.of(ErrorCode.INVALID_REQUEST, Reasons.INVALID_REQUEST, message);
  }
}
