package dev.rexd.api.rpc;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A request: a call that gets a response with the same {@code id} (a string or number node).
 *
 * <pre>{@code
 * new JsonRpcRequest(IntNode.valueOf(1), "fs.stat", params)
 * }</pre>
 */
public record JsonRpcRequest(JsonNode id, String method, @Nullable JsonNode params) implements JsonRpcMessage {
  public JsonRpcRequest {
    Require.present(id, "id");
    Require.present(method, "method");
  }
}
