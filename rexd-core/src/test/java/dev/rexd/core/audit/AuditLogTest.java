package dev.rexd.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.RexdException;
import dev.rexd.api.json.RexdJson;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.auth.Role;
import dev.rexd.core.rpc.CallOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

class AuditLogTest {
  @TempDir Path tmp;

  private static final Principal ALICE = new Principal("alice", Role.OPERATOR);
  private static final Principal BOB = new Principal("bob", Role.AGENT);

  @Test
  void fileContentsAndEnvValuesAreReplacedByTheirLength() {
    JsonNode params = RexdJson.mapper().valueToTree(Map.of(
        "path", "a.txt", "content", "secret!", "env", Map.of("API_KEY", "abc123"), "argv", List.of("env")));
    JsonNode red = AuditRedactor.redact(params);
    assertThat(red.toString()).doesNotContain("secret!").doesNotContain("abc123");
    assertThat(red.get("content").get("redacted_length").asInt()).isEqualTo(7);
    assertThat(red.get("env").get("API_KEY").get("redacted_length").asInt()).isEqualTo(6);
    assertThat(red.get("path").asString()).isEqualTo("a.txt");
  }

  @Test
  void aFailingSinkNeverFailsTheCall() {
    AuditLog log = new AuditLog(r -> {
      throw new java.io.IOException("disk full");
    }, id -> null);
    log.called(ALICE, "fs.read", null, CallOutcome.success(IntNode.valueOf(1), null), 1_000_000);
  }

  @Test
  void jsonLinesSinkCreatesItsDirectoryAndAppendsOneLinePerRecord() throws Exception {
    Path file = tmp.resolve("logs/deep/audit.log");
    AuditLog log = new AuditLog(AuditSink.jsonLines(file), id -> null);
    log.called(ALICE, "exec.wait", RexdJson.mapper().valueToTree(Map.of("session_id", "s1")),
        CallOutcome.success(IntNode.valueOf(1), Map.of("exit_code", 3)), 2_000_000);
    log.called(BOB, "fs.read", null, CallOutcome.failure(IntNode.valueOf(2),
        RexdException.invalidParams("not_found", "missing")), 0);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    JsonNode first = RexdJson.mapper().readTree(lines.get(0));
    assertThat(first.get("exit_code").asInt()).isEqualTo(3);
    assertThat(first.get("duration_ms").asLong()).isEqualTo(2);
    assertThat(first.get("session_id").asString()).isEqualTo("s1");
    assertThat(first.get("principal").asString()).isEqualTo("alice");
    JsonNode second = RexdJson.mapper().readTree(lines.get(1));
    assertThat(second.get("outcome").asString()).isEqualTo("-32602");
    assertThat(second.get("reason").asString()).isEqualTo("not_found");
    assertThat(second.get("principal").asString()).isEqualTo("bob");
  }
}
