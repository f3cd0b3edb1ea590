package dev.rexd.core.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.RexdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code fs.grep} as JSON on the wire (protocol section 9.6): its capability, its params' and its result's names. */
class FsGrepWireTest {
  @TempDir Path temp;

  private static JsonNode call(RexdServer server, String method, String params) throws Exception {
    String answer = server.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + params
        + "}}").get(30, TimeUnit.SECONDS).orElseThrow();
    return RexdJson.mapper().readTree(answer);
  }

  @Test
  void theCapabilityParamsAndResultUseTheProtocolsNames() throws Exception {
    Path root = temp.toRealPath();
    Files.writeString(root.resolve("a.txt"), "one\nTODO two\nthree\nTODO four\n");
    Files.writeString(root.resolve(".gitignore"), "ignored.txt\n");
    Files.writeString(root.resolve("ignored.txt"), "TODO ignored\n");
    try (RexdServer server = RexdServer.builder().allowedRoot(root).build()) {
      JsonNode open = call(server, "session.open", "\"client_name\":\"wire\"").get("result");
      List<String> caps = new ArrayList<>();
      open.get("capabilities").forEach(c -> caps.add(c.asString()));
      assertThat(caps).contains("fs.grep", "strip_ansi");
      String sid = "\"session_id\":\"" + open.get("session_id").asString() + "\"";

      JsonNode r = call(server, "fs.grep", sid + ",\"pattern\":\"todo\",\"case_sensitive\":false,\"context_lines\":1,"
          + "\"max_matches\":1,\"include_hidden\":false,\"respect_gitignore\":true,\"fixed_strings\":true").get("result");
      assertThat(r.get("files_searched").asInt()).isEqualTo(1);
      assertThat(r.get("truncated").asBoolean()).isTrue();
      assertThat(r.get("reason").asString()).isEqualTo("max_matches");
      JsonNode m = r.get("matches").get(0);
      assertThat(m.get("path").asString()).isEqualTo(root.resolve("a.txt").toString());
      assertThat(m.get("line_number").asInt()).isEqualTo(2);
      assertThat(m.get("line").asString()).isEqualTo("TODO two");
      assertThat(m.get("before").get(0).asString()).isEqualTo("one");
      assertThat(m.get("after").get(0).asString()).isEqualTo("three");

      JsonNode all = call(server, "fs.grep", sid + ",\"pattern\":\"TODO\",\"respect_gitignore\":false").get("result");
      assertThat(all.get("matches")).hasSize(3);
      assertThat(all.get("truncated").asBoolean()).isFalse();

      JsonNode bad = call(server, "fs.grep", sid + ",\"pattern\":\"(\"").get("error");
      assertThat(bad.get("code").asInt()).isEqualTo(-32602);
      assertThat(bad.get("data").get("field").asString()).isEqualTo("pattern");
    }
  }
}
