package dev.rexd.core.crash;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A server in a child JVM for crash tests: {@code root stateDir patch}; prints {@code ready}, and
 * on each {@code go} line from stdin applies the patch through {@link RexdServer#handle} and prints
 * the response. The test kills it with SIGKILL while a patch is applied.
 */
public final class PatchingServer {
  private PatchingServer() {}

  public static void main(String[] args) throws Exception {
    try (RexdServer server = RexdServer.builder().allowedRoot(Path.of(args[0])).stateDir(Path.of(args[1])).build()) {
      String sid = call(server, "session.open", Map.of("client_name", "crash")).get("result").get("session_id")
          .asString();
      System.out.println("ready");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode r = call(server, "fs.patch", Map.of("session_id", sid, "patch_text", args[2]));
        System.out.println(r);
        System.out.flush();
      }
    }
  }

  static JsonNode call(RexdServer server, String method, Map<String, Object> params) {
    String frame = RexdJson.mapper().writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method,
        "params", params));
    return RexdJson.mapper().readTree(server.handle(frame).join().orElseThrow());
  }

  /** The command line that runs this class with the test class path. */
  static List<String> command(Path root, Path stateDir, String patch) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), PatchingServer.class.getName(),
        root.toString(), stateDir.toString(), patch);
  }
}
