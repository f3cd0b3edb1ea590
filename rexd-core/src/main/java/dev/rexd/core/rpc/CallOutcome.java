package dev.rexd.core.rpc;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.rpc.RpcError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * How one call ended: its result as the handler returned it, or its error. The response is
 * written straight from the result record; the result becomes a JSON tree only for a listener
 * that asks for one ({@link #result()}, the audit log).
 *
 * <pre>{@code
 * CallListener errors = (principal, method, params, outcome, nanos) -> {
 *   if (outcome.error() != null) {
 *     count(method, outcome.error().code());
 *   }
 * };
 * }</pre>
 */
public final class CallOutcome {
  private final JsonNode id;
  private final @Nullable Object value;
  private final @Nullable RpcError error;
  private @Nullable JsonNode tree;

  private CallOutcome(JsonNode id, @Nullable Object value, @Nullable RpcError error) {
    this.id = id;
    this.value = value;
    this.error = error;
  }

  public static CallOutcome success(JsonNode id, @Nullable Object value) {
    return new CallOutcome(id, value, null);
  }

  public static CallOutcome failure(JsonNode id, RexdException e) {
    return new CallOutcome(id, null, RpcError.from(e));
  }

  /** The error the call answered with, or null when it succeeded. */
  public @Nullable RpcError error() {
    return error;
  }

  /** The result as a JSON tree (JSON {@code null} for none), or null when the call failed. */
  public @Nullable JsonNode result() {
    if (error != null) {
      return null;
    }
    JsonNode t = tree;
    if (t == null) {
      t = value == null ? NullNode.getInstance() : RexdJson.mapper().valueToTree(value);
      tree = t;
    }
    return t;
  }

  /** The response as one line of JSON text. */
  String json() {
    RpcError e = error;
    if (e != null) {
      return JsonRpcCodec.encode(new JsonRpcResponse(id, null, e));
    }
    return RexdJson.mapper().writeValueAsString(new ResultEnvelope("2.0", id, value));
  }

  /** A success response, written from the result record without a tree in between. */
  @JsonPropertyOrder({"jsonrpc", "id", "result"})
  private record ResultEnvelope(String jsonrpc, JsonNode id,
      @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Object result) {}
}
