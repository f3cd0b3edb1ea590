package dev.rexd.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.api.RexdMethod;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.json.RexdJson;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends generated bad params — wrong types, nulls, huge and long strings, odd Unicode, negative
 * and huge numbers, deep nesting, unknown keys — to every method of {@link RexdMethods} through a
 * real in-process server, and requires that none is answered {@code -32603}: bad input is always
 * the caller's error, never an internal one.
 */
class BadParamsFuzzTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static Path dir;
  private static RexdServer server;
  private static String sessionId;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("rexd-fuzz-").toRealPath();
    Path root = Files.createDirectory(dir.resolve("root"));
    Files.writeString(root.resolve("file.txt"), "some text\nsecond line\n");
    Files.createDirectory(root.resolve("sub"));
    server = RexdServer.builder().allowedRoot(root).stateDir(dir.resolve("state")).allowShell(false)
        .limits(Limits.defaults().withDefaultTimeoutMs(2_000).withMaxProcessesPerSession(4))
        .sessionIdleTimeout(Duration.ZERO).build();
    sessionId = call("session.open", JSON.objectNode().put("client_name", "fuzz")).get("result").get("session_id")
        .asString();
  }

  @AfterContainer
  static void stop() throws IOException {
    server.close();
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 600, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
  void noBadParamsAreAnInternalError(@ForAll("calls") Map.Entry<String, ObjectNode> call) {
    JsonNode response = call(call.getKey(), call.getValue());
    JsonNode error = response.get("error");
    if (error != null) {
      assertThat(error.get("code").asInt()).as("%s %s -> %s", call.getKey(), call.getValue(), response)
          .isNotEqualTo(-32603);
    }
  }

  @Example
  void aNullWorkspaceRootIsInvalidParams() {
    ObjectNode params = JSON.objectNode().put("client_name", "fuzz");
    params.putArray("workspace_roots").addNull();
    assertThat(call("session.open", params).get("error").get("code").asInt()).isEqualTo(-32602);
  }

  @Provide
  Arbitrary<Map.Entry<String, ObjectNode>> calls() {
    Arbitrary<RexdMethod<?, ?>> methods = Arbitraries.of(RexdMethods.ALL);
    return methods.flatMap(m -> params(m).map(p -> Map.entry(m.name(), p)));
  }

  /** An object with each of the method's fields valid, absent or bad, plus sometimes an unknown key. */
  private static Arbitrary<ObjectNode> params(RexdMethod<?, ?> method) {
    List<Arbitrary<Map.Entry<String, JsonNode>>> fields = new ArrayList<>();
    for (RecordComponent c : method.paramsType().getRecordComponents()) {
      String name = snake(c.getName());
      Arbitrary<JsonNode> value = name.equals("session_id")
          ? Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just(JSON.stringNode(sessionId))),
              net.jqwik.api.Tuple.of(2, badValue()))
          : Arbitraries.oneOf(plausible(c.getType()), badValue());
      fields.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, value.map(v -> Map.entry(name, v))),
          net.jqwik.api.Tuple.of(1, Arbitraries.just(Map.entry(name, (JsonNode) JSON.missingNode())))));
    }
    fields.add(Arbitraries.oneOf(Arbitraries.just(Map.entry("", (JsonNode) JSON.missingNode())),
        badValue().map(v -> Map.entry("unknown_key", v))));
    return Combinators.combine(fields).as(entries -> {
      ObjectNode o = JSON.objectNode();
      for (Map.Entry<String, JsonNode> e : entries) {
        if (!e.getValue().isMissingNode()) {
          o.set(e.getKey(), e.getValue());
        }
      }
      return o;
    });
  }

  /** A value of roughly the right JSON type, with awkward content. */
  private static Arbitrary<JsonNode> plausible(Class<?> type) {
    if (type == String.class) {
      return Arbitraries.oneOf(oddStrings(), Arbitraries.of("", ".", "..", "/", "file.txt", "sub", "../x", "sub/../..",
          "*** Begin Patch\n*** Update File: file.txt\n@@\n-some text\n+x\n*** End Patch", "p_1", "pty_1"))
          .map(JSON::stringNode);
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return Arbitraries.oneOf(Arbitraries.longs().map(JSON::numberNode),
          Arbitraries.of(-1L, 0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE).map(JSON::numberNode));
    }
    if (type == Boolean.class || type == boolean.class) {
      return Arbitraries.of(true, false).map(JSON::booleanNode);
    }
    if (List.class.isAssignableFrom(type)) {
      return oddStrings().list().ofMaxSize(4).map(l -> {
        ArrayNode a = JSON.arrayNode();
        l.forEach(a::add);
        return a;
      });
    }
    if (Map.class.isAssignableFrom(type)) {
      return Arbitraries.maps(oddStrings(), oddStrings()).ofMaxSize(3).map(m -> {
        ObjectNode o = JSON.objectNode();
        m.forEach(o::put);
        return o;
      });
    }
    return Arbitraries.of("utf8", "base64", "replace", "create", "append", "TERM", "KILL", "bogus").map(JSON::stringNode);
  }

  /** Wrong types, nulls, numbers out of range, deep nesting. */
  private static Arbitrary<JsonNode> badValue() {
    return Arbitraries.oneOf(
        Arbitraries.just(JSON.nullNode()),
        oddStrings().map(JSON::stringNode),
        Arbitraries.of(true, false).map(JSON::booleanNode),
        Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, -2_147_483_649L).map(JSON::numberNode),
        Arbitraries.of(new BigDecimal("1e400"), new BigDecimal("-1e400"), new BigDecimal("0.5"),
            new BigDecimal(new BigInteger("9".repeat(40)))).map(JSON::numberNode),
        Arbitraries.of(Double.NaN, -0.0, 1e308).map(JSON::numberNode),
        Arbitraries.integers().between(1, 300).map(BadParamsFuzzTest::nested),
        oddStrings().list().ofMaxSize(3).map(l -> {
          ArrayNode a = JSON.arrayNode();
          l.forEach(a::add);
          a.addNull();
          return a;
        }),
        Arbitraries.just(JSON.objectNode().putNull("x")));
  }

  private static Arbitrary<String> oddStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(40),
        Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(10),
        Arbitraries.of("\u0000", "a\u0000b", "\ud800", "\udc00x", "\u202e.txt", "e\u0301", "\uFEFF", "\uD83D\uDE00",
            "x".repeat(256), "\u00e9".repeat(200), "a/" + "b".repeat(300), "y".repeat(100_000), "/proc/self/fd/0",
            "/dev/zero", "~", "$HOME", "%s%n", "\\", "//", "./../", "\r\n"),
        Arbitraries.integers().between(256, 5000).map("n"::repeat));
  }

  private static JsonNode nested(int depth) {
    JsonNode n = JSON.stringNode("deep");
    for (int i = 0; i < depth; i++) {
      n = i % 2 == 0 ? JSON.arrayNode().add(n) : JSON.objectNode().set("k", n);
    }
    return n;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonNode call(String method, ObjectNode params) {
    ObjectNode frame = JSON.objectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
    frame.set("params", params);
    String response = server.handle(frame.toString()).join().orElseThrow();
    return RexdJson.mapper().readTree(response);
  }
}
