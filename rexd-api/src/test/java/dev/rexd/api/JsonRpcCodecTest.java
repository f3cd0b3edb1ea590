package dev.rexd.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.fs.FsStatParams;
import dev.rexd.api.fs.FsStatResult;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.rpc.JsonRpcCodec;
import dev.rexd.api.rpc.JsonRpcMessage;
import dev.rexd.api.rpc.JsonRpcNotification;
import dev.rexd.api.rpc.JsonRpcRequest;
import dev.rexd.api.rpc.JsonRpcResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

class JsonRpcCodecTest {

  @Test
  void decodesRequestsNotificationsAndResponses() {
    JsonRpcMessage req = JsonRpcCodec.decode(JsonRpcCodec.parse(
        "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"fs.stat\",\"params\":{\"x\":1}}"));
    assertThat(req).isInstanceOfSatisfying(JsonRpcRequest.class, r -> {
      assertThat(r.id().asString()).isEqualTo("a");
      assertThat(r.method()).isEqualTo("fs.stat");
    });
    assertThat(JsonRpcCodec.decode(JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"method\":\"exec.exit\"}")))
        .isInstanceOf(JsonRpcNotification.class);
    JsonRpcMessage err = JsonRpcCodec.decode(JsonRpcCodec.parse(
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32002,\"message\":\"no\",\"data\":{\"reason\":\"outside_roots\"}}}"));
    assertThat(err).isInstanceOfSatisfying(JsonRpcResponse.class, r -> {
      RexdException e = r.error().toException();
      assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN_PATH);
      assertThat(e.reason()).isEqualTo("outside_roots");
    });
  }

  @Test
  void refusesMalformedEnvelopes() {
    for (String bad : List.of("[1]", "{\"id\":1,\"method\":\"x\"}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":\"s\"}", "{\"jsonrpc\":\"2.0\"}")) {
      JsonNode node = JsonRpcCodec.parse(bad);
      JsonNode element = node.isArray() ? node.get(0) : node;
      assertThatThrownBy(() -> JsonRpcCodec.decode(element)).as(bad)
          .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }
    assertThatThrownBy(() -> JsonRpcCodec.parse("{\"a\":1} trailing"))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PARSE_ERROR));
    assertThatThrownBy(() -> JsonRpcCodec.parse(""))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PARSE_ERROR));
  }

  @Test
  void aNumericIdThatWouldNotComeBackAsSentIsAnInvalidRequestNamedByNull() {
    for (String id : List.of("1e400", "-1e400", "1.5", "1e2", "2.0")) {
      JsonNode node = JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"x\"}");
      assertThatThrownBy(() -> JsonRpcCodec.decode(node)).as(id)
          .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
      assertThat(JsonRpcCodec.idOf(node).isNull()).as(id).isTrue();
    }
    String big = "123456789012345678901234567890";
    JsonRpcMessage m = JsonRpcCodec.decode(JsonRpcCodec.parse("{\"jsonrpc\":\"2.0\",\"id\":" + big + ",\"method\":\"x\"}"));
    assertThat(JsonRpcCodec.encode(JsonRpcResponse.success(((JsonRpcRequest) m).id(), null)))
        .as("a big integer id round-trips").contains("\"id\":" + big + ",");
  }

  @Test
  void encodesErrorsWithNullIdAndReason() {
    String text = JsonRpcCodec.encode(JsonRpcResponse.failure(null, RexdException.sessionNotFound("s9")));
    JsonNode n = JsonRpcCodec.parse(text);
    assertThat(n.get("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(n.get("id").isNull()).isTrue();
    assertThat(n.get("error").get("code").asInt()).isEqualTo(-32602);
    assertThat(n.get("error").get("data").get("reason").asString()).isEqualTo("session_not_found");
    assertThat(JsonRpcCodec.encode(JsonRpcResponse.success(IntNode.valueOf(1), null))).contains("\"result\":null");
  }

  @Test
  void theMapperSpeaksSnakeCaseOmitsAbsentFieldsAndKeepsNullExitCodes() {
    String stat = RexdJson.mapper().writeValueAsString(FsStatResult.missing("/w/x"));
    assertThat(stat).isEqualTo("{\"path\":\"/w/x\",\"exists\":false}");
    String exit = RexdJson.mapper().writeValueAsString(
        new ExecExitEvent("s", "p", null, "SIGKILL", false, 5, 0, 0, false));
    assertThat(exit).contains("\"exit_code\":null", "\"signal\":\"SIGKILL\"", "\"session_id\":\"s\"");
    FsStatParams p = RexdJson.mapper().readValue("{\"session_id\":\"s\",\"path\":\"a\",\"newer_field\":1}",
        FsStatParams.class);
    assertThat(p.path()).isEqualTo("a");
  }

  @Test
  void requiredFieldsAreCheckedWhenARecordIsBuilt() {
    assertThatThrownBy(() -> RexdJson.mapper().readValue("{\"session_id\":\"s\"}", FsStatParams.class))
        .hasRootCauseInstanceOf(RexdException.class)
        .rootCause().hasMessageContaining("path");
    assertThatThrownBy(() -> new FsStatParams("s", null))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.MISSING_FIELD));
  }
}
