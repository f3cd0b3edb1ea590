package dev.rexd.api.rpc;

import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code error} member of a failed response.
 *
 * <pre>{@code
 * RpcError e = RpcError.from(RexdException.sessionNotFound("s1"));
 * }</pre>
 */
public record RpcError(int code, String message, @Nullable JsonNode data) {

  /** The error object for an exception, carrying its {@code data} (with {@code reason}). */
  public static RpcError from(RexdException e) {
    String message = e.getMessage() == null ? e.code().title() : e.getMessage();
    return new RpcError(e.rawCode(), message, RexdJson.mapper().valueToTree(e.data()));
  }

  /** This error as an exception, for the side that receives it. */
  @SuppressWarnings("unchecked")
  public RexdException toException() {
    Map<String, Object> map = data != null && data.isObject()
        ? RexdJson.mapper().convertValue(data, Map.class)
        : null;
    return RexdException.fromWire(code, message, map);
  }
}
