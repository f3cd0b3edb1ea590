package dev.rexd.core;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.exec.ExecStartResult;
import dev.rexd.api.fs.EntryType;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.api.session.SessionOpenResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs what an agent's first calls do with JSON (read a request, decode its params, write a result
 * and an exit event) a few hundred times while a fresh server waits for its first request, so that
 * C1 has compiled the JSON mapper's paths before the calls need them: a server started per agent
 * connection (ssh, stdio) otherwise runs its first few hundred calls in the interpreter. About
 * 30 ms of CPU, on an executor thread.
 *
 * <pre>{@code
 * Warmup.start(executor);
 * }</pre>
 */
final class Warmup {
  private static final System.Logger LOG = System.getLogger(Warmup.class.getName());
  /** Above C1's invocation threshold (200) for the methods run once per round. */
  private static final int ROUNDS = 250;

  private Warmup() {}

  static void start(Executor executor) {
    executor.execute(() -> {
      try {
        for (int i = 0; i < ROUNDS; i++) {
          round();
        }
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "warm-up failed (harmless)", e);
      }
    });
  }

  private static void round() {
    JsonMapper json = RexdJson.mapper();
    SessionOpenParams open = json.treeToValue(params("session.open", "{\"client_name\":\"warmup\"}"),
        SessionOpenParams.class);
    json.writeValueAsString(new SessionOpenResult("s", "rexd/1", "v", List.of(), Map.of(), List.of(open.clientName())));
    ExecStartParams exec = json.treeToValue(params("exec.start",
        "{\"session_id\":\"s\",\"argv\":[\"true\"],\"cwd\":\".\",\"stdin\":\"\",\"timeout_ms\":1000}"),
        ExecStartParams.class);
    json.writeValueAsString(new ExecStartResult(exec.sessionId(), "2026-01-01T00:00:00.000Z"));
    json.writeValueAsString(new ExecExitEvent(exec.sessionId(), "p", 0, null, false, 1, 0, 0, false));
    FsStatParams stat = json.treeToValue(params("fs.stat", "{\"session_id\":\"s\",\"path\":\"a\"}"),
        FsStatParams.class);
    json.writeValueAsString(new FsStatResult(stat.path(), true, EntryType.FILE, 1L, 1L, "-rw-r--r--", "0644", 0, 0,
        null, null));
  }

  /** The params of a request frame, read as the dispatcher reads one. */
  private static JsonNode params(String method, String params) {
    return JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":"
        + params + "}").get("params");
  }
}
