package dev.rexd.transport.http.client;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdException;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcMessage;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.rpc.RpcError;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an HTTP refusal of a POSTed frame into JSON-RPC responses to that frame's requests: the
 * server's own error when its body carries one ({@code 401 -32001}, {@code 413 -32600}), else
 * {@code -32603 http_error}; {@code data.http_status} names the status either way.
 *
 * <pre>{@code
 * String responses = HttpErrors.responsesFor(requestFrame, 401, responseBody);   // null for notifications
 * }</pre>
 */
final class HttpErrors {
  private HttpErrors() {}

  /** One response per request in {@code frame} (an array for a batch), or null when it held none. */
  static @Nullable String responsesFor(String frame, int status, String body) {
    RpcError error = withStatus(serverError(body), status);
    JsonNode request;
    try {
      request = JsonRpcCodec.parse(frame);
    } catch (RexdException notJson) {
      return JsonRpcCodec.encode(new JsonRpcResponse(JsonNodeFactory.instance.nullNode(), null, error));
    }
    if (!request.isArray()) {
      return request.has("id") ? JsonRpcCodec.encode(response(request, error)) : null;
    }
    List<JsonRpcResponse> out = new ArrayList<>();
    for (JsonNode element : request) {
      if (element.has("id")) {
        out.add(response(element, error));
      }
    }
    return out.isEmpty() ? null : JsonRpcCodec.encodeBatch(out);
  }

  private static JsonRpcResponse response(JsonNode request, RpcError error) {
    return new JsonRpcResponse(JsonRpcCodec.idOf(request), null, error);
  }

  private static RpcError serverError(String body) {
    try {
      JsonRpcMessage m = JsonRpcCodec.decode(JsonRpcCodec.parse(body));
      if (m instanceof JsonRpcResponse r && r.error() != null) {
        return r.error();
      }
    } catch (RexdException notJsonRpc) {
      // a proxy's page or an empty body: described by the status alone
    }
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("reason", "http_error");
    return new RpcError(ErrorCode.INTERNAL_ERROR.code(), "the server answered with an HTTP error", data);
  }

  private static RpcError withStatus(RpcError error, int status) {
    ObjectNode data = error.data() != null && error.data().isObject()
        ? ((ObjectNode) error.data()).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    data.put("http_status", status);
    return new RpcError(error.code(), error.message(), data);
  }
}
