package dev.rexd.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Batches are answered by combining their elements' futures, and each element's follow-up work runs on its own. */
class BatchDispatchTest {
  @TempDir Path root;

  private static JsonNode answer(CompletableFuture<Optional<String>> f) throws Exception {
    return RexdJson.mapper().readTree(f.get(30, TimeUnit.SECONDS).orElseThrow());
  }

  private static String open(String id) {
    return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"session.open\",\"params\":{\"client_name\":\"b\"}}";
  }

  @Test
  void twoConcurrentBatchesOnATwoThreadExecutorAreBothAnswered() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RexdServer server = RexdServer.builder().allowedRoot(root).executor(pool).build()) {
      CompletableFuture<Optional<String>> a = server.handle("[" + open("a1") + "," + open("a2") + "]");
      CompletableFuture<Optional<String>> b = server.handle("[" + open("b1") + "," + open("b2") + "," + open("b3") + "]");
      JsonNode first = answer(a);
      JsonNode second = answer(b);
      assertThat(first.size()).isEqualTo(2);
      assertThat(second.size()).isEqualTo(3);
      first.forEach(r -> assertThat(r.get("result").get("session_id").asString()).isNotBlank());
      second.forEach(r -> assertThat(r.get("result").get("session_id").asString()).isNotBlank());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aProcessStartedInABatchRunsWithoutWaitingForTheRestOfTheBatch() throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      String session = answer(server.handle(open("o"))).get("result").get("session_id").asString();
      String sleeper = answer(server.handle(call("s", "exec.start",
          "\"session_id\":\"" + session + "\",\"argv\":[\"sleep\",\"30\"]"))).get("result").get("process_id").asString();

      JsonNode batch = answer(server.handle("["
          + call("echo", "exec.start", "\"session_id\":\"" + session + "\",\"argv\":[\"echo\",\"hi\"],\"timeout_ms\":1500")
          + "," + call("wait", "exec.wait", "\"session_id\":\"" + session + "\",\"process_id\":\"" + sleeper
              + "\",\"timeout_ms\":4000")
          + "]"));
      String echo = null;
      for (JsonNode r : batch) {
        if (r.get("id").asString().equals("echo")) {
          echo = r.get("result").get("process_id").asString();
        } else {
          assertThat(r.get("result").get("status").asString()).isEqualTo("running");
        }
      }
      JsonNode done = answer(server.handle(call("w", "exec.wait",
          "\"session_id\":\"" + session + "\",\"process_id\":\"" + echo + "\""))).get("result");
      assertThat(done.get("timed_out").asBoolean()).as("echo hi timed out while the batch waited").isFalse();
      assertThat(done.get("exit_code").asInt()).isZero();
      assertThat(done.get("bytes_stdout").asLong()).isEqualTo(3);
    }
  }

  private static String call(String id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":{" + params + "}}";
  }
}
