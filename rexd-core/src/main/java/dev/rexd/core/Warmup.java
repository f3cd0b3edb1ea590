package dev.rexd.core;

import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcResponse;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.api.session.SessionOpenResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import tools.jackson.databind.node.IntNode;

/**
 * Builds the JSON mapper's serializers for the first call of a session while the server waits
 * for its first request, so a freshly started server (one per agent connection over ssh) answers
 * sooner. It does only what the first {@code session.open} would do anyway.
 *
 * <pre>{@code
 * Warmup.start(executor);
 * }</pre>
 */
final class Warmup {
  private static final System.Logger LOG = System.getLogger(Warmup.class.getName());

  private Warmup() {}

  static void start(Executor executor) {
    executor.execute(() -> {
      try {
        SessionOpenParams p = RexdJson.mapper().treeToValue(
            JsonRpcCodec.parse("{\"client_name\":\"warmup\"}"), SessionOpenParams.class);
        SessionOpenResult r = new SessionOpenResult("s", "rexd/1", "v", List.of(), Map.of(), List.of(p.clientName()));
        JsonRpcCodec.encode(JsonRpcResponse.success(IntNode.valueOf(0), RexdJson.mapper().valueToTree(r)));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "warm-up failed (harmless)", e);
      }
    });
  }
}
