package dev.rexd.transport.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Thousands of random and malformed lines through the real NDJSON serve loop: each is answered. */
class FramingFuzzTest {
  private static final String[] FRAGMENTS = {
    "{", "}", "[", "]", "\"", ":", ",", "jsonrpc", "\"2.0\"", "id", "method", "params", "null", "1e309", "-",
    "session.open", "fs.read", "\\u0000", "\\", "é", "\uD83D\uDE00", " ", "\t", "true", "0", "\r",
  };

  @TempDir Path root;

  @Test
  void everyNonBlankLineGetsExactlyOneAnswerAndTheLoopSurvives() throws Exception {
    Random random = new Random(42);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      lines.add(randomLine(random, i));
    }
    // a valid request last proves the loop is still serving
    lines.add("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"session.open\",\"params\":{\"client_name\":\"z\"}}");
    String input = String.join("\n", lines) + "\n";

    RexdServer server = RexdServer.builder().allowedRoot(root)
        .limits(Limits.defaults().withMaxConcurrentSessions(10_000).withMaxMessageBytes(4096)).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StdioTransports.serve(server, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
    server.close();

    long expected = lines.stream().filter(l -> !l.isBlank()).filter(l -> !isNotificationOnly(l)).count();
    BufferedReader reader = new BufferedReader(new StringReader(out.toString(StandardCharsets.UTF_8)));
    long answers = 0;
    boolean sawLast = false;
    for (String l; (l = reader.readLine()) != null; ) {
      JsonNode n = RexdJson.mapper().readTree(l);
      answers++;
      sawLast |= n.isObject() && "last".equals(n.path("id").asString(""));
    }
    assertThat(answers).isEqualTo(expected);
    assertThat(sawLast).isTrue();
  }

  private static String randomLine(Random random, int i) {
    switch (i % 4) {
      case 0:
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(20);
        for (int k = 0; k < n; k++) {
          sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return sb.toString().replace("\n", "");
      case 1:
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\n", "").replace("\r", "");
      case 2:
        return "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"" + FRAGMENTS[random.nextInt(FRAGMENTS.length)]
            .replace("\"", "") + "\",\"params\":{\"client_name\":" + random.nextInt() + "}}";
      default:
        return "x".repeat(4000 + random.nextInt(2000));
    }
  }

  /** Valid JSON-RPC notifications (objects or batches without ids) get no answer. */
  private static boolean isNotificationOnly(String line) {
    try {
      JsonNode n = RexdJson.mapper().readTree(line);
      if (n.isObject()) {
        return n.path("jsonrpc").asString("").equals("2.0") && n.has("method") && n.get("method").isString()
            && !n.has("id") && (!n.has("params") || n.get("params").isObject() || n.get("params").isArray());
      }
      if (n.isArray() && !n.isEmpty()) {
        for (JsonNode e : n) {
          if (!isNotificationOnly(e.toString())) {
            return false;
          }
        }
        return true;
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

}
