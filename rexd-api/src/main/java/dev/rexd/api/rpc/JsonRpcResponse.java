package dev.rexd.api.rpc;

import dev.rexd.api.Require;
import dev.rexd.api.RexdException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A response: exactly one of {@code result} and {@code error}; {@code id} is a null node when the
 * request's id could not be read (parse errors).
 *
 * <pre>{@code
 * JsonRpcResponse ok = JsonRpcResponse.success(id, resultNode);
 * JsonRpcResponse err = JsonRpcResponse.failure(id, RexdException.sessionNotFound("s1"));
 * }</pre>
 */
public record JsonRpcResponse(JsonNode id, @Nullable JsonNode result, @Nullable RpcError error)
    implements JsonRpcMessage {
  public JsonRpcResponse {
    Require.present(id, "id");
    if (error != null && result != null) {
      throw new IllegalArgumentException("a response carries a result or an error, not both");
    }
  }

  /** A successful response; a null result is sent as JSON {@code null}. */
  public static JsonRpcResponse success(JsonNode id, @Nullable JsonNode result) {
    return new JsonRpcResponse(id, result == null ? NullNode.getInstance() : result, null);
  }

  /** An error response for this exception. */
  public static JsonRpcResponse failure(@Nullable JsonNode id, RexdException e) {
    return new JsonRpcResponse(id == null ? NullNode.getInstance() : id, null, RpcError.from(e));
  }
}
