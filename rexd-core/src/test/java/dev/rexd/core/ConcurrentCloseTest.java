package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two threads closing the server at once, as a shutdown hook and the main thread do: neither
 * returns before the process groups have ended, or the JVM could halt with children running.
 */
class ConcurrentCloseTest {
  @TempDir Path root;

  @Test
  void aCloseRacingAnotherReturnsOnlyWhenTheGroupsHaveEnded() throws Exception {
    RexdServer server = RexdServer.builder().allowedRoot(root).build();
    ConnectionPeer peer = new ConnectionPeer();
    server.connect(peer);
    peer.request(request(1, "session.open", Map.of("client_name", "t")));
    String sid = peer.next().get("result").get("session_id").asString();
    // the shell ignores TERM, so closing waits out the grace period before KILL
    peer.request(request(2, "exec.start", Map.of("session_id", sid, "shell", true,
        "command", "trap '' TERM; sleep 300 & echo $!; wait")));
    long child = Long.parseLong(firstStdoutLine(peer));
    assertThat(ProcessHandle.of(child)).isPresent();

    CompletableFuture<Void> first = CompletableFuture.runAsync(server::close);
    CompletableFuture<Void> second = CompletableFuture.runAsync(server::close);
    CompletableFuture.anyOf(first, second).get(30, TimeUnit.SECONDS);

    assertThat(endedOrKilled(child)).as("the child is gone or has SIGKILL pending once a close returned").isTrue();
    CompletableFuture.allOf(first, second).get(30, TimeUnit.SECONDS);
  }

  /** True when {@code pid} is gone, a zombie, or has a SIGKILL pending (sent, not yet acted on). */
  private static boolean endedOrKilled(long pid) throws IOException {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      if (state == 'Z' || state == 'X') {
        return true;
      }
      long sigkill = 1L << 8;
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("SigPnd:") || l.startsWith("ShdPnd:"))
          .anyMatch(l -> (Long.parseUnsignedLong(l.substring(7).trim(), 16) & sigkill) != 0);
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  private static String firstStdoutLine(ConnectionPeer peer) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    for (int frames = 0; frames < 20 && out.indexOf("\n") < 0; frames++) {
      JsonNode frame = peer.next();
      if ("exec.stdout".equals(frame.path("method").asString(""))) {
        out.append(frame.get("params").get("data").asString());
      }
    }
    assertThat(out.toString()).as("the first line of stdout").contains("\n");
    return out.substring(0, out.indexOf("\n")).trim();
  }

  private static String request(int id, String method, Map<String, Object> params) {
    ObjectNode req = RexdJson.mapper().createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
    req.set("params", RexdJson.mapper().valueToTree(params));
    return RexdJson.mapper().writeValueAsString(req);
  }
}
