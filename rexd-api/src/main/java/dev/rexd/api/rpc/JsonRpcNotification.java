package dev.rexd.api.rpc;

import dev.rexd.api.Require;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A notification: a message without {@code id} that gets no response. REXD events are
 * notifications from the server.
 *
 * <pre>{@code
 * new JsonRpcNotification("exec.exit", params)
 * }</pre>
 */
public record JsonRpcNotification(String method, @Nullable JsonNode params) implements JsonRpcMessage {
  public JsonRpcNotification {
    Require.present(method, "method");
  }
}
