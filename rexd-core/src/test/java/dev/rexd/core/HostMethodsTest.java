package dev.rexd.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdEvent;
import dev.rexd.api.RexdException;
import dev.rexd.api.RexdMethod;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.session.SessionInfoParams;
import dev.rexd.core.audit.AuditRecord;
import dev.rexd.core.rpc.Connection;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Methods a host adds are served like the built-in ones, and may send events. */
class HostMethodsTest {
  /** Params of the test method. */
  public record GreetParams(String sessionId, String name) {
    public GreetParams {
      dev.rexd.api.Require.present(name, "name");
    }
  }

  /** Result of the test method. */
  public record Greeting(String text) {}

  /** An event the test method sends. */
  public record Greeted(String sessionId, String name) {}

  static final RexdMethod<GreetParams, Greeting> GREET = new RexdMethod<>("acme.greet", GreetParams.class, Greeting.class);
  static final RexdEvent<Greeted> TO_CALLER = new RexdEvent<>("acme.greeted", Greeted.class);
  static final RexdEvent<Greeted> TO_SESSION = new RexdEvent<>("acme.session_greeted", Greeted.class);

  @TempDir Path root;
  private final List<AuditRecord> audited = new CopyOnWriteArrayList<>();

  private RexdServer server() {
    return RexdServer.builder().allowedRoot(root).audit(audited::add)
        .method(GREET, (call, p) -> {
          if (p.name().equals("boom")) {
            throw new IllegalStateException("a host bug");
          }
          if (p.name().equals("nobody")) {
            throw RexdException.invalidParams("unknown_name", "no such person").with("name", p.name());
          }
          call.session(p.sessionId()).publish(TO_SESSION, new Greeted(p.sessionId(), p.name()));
          call.afterResponse(() -> {
            try {
              call.notify(TO_CALLER, new Greeted(p.sessionId(), p.name()));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          return new Greeting("hello, " + p.name());
        })
        .build();
  }

  private static JsonNode answer(CompletableFuture<Optional<String>> f) throws Exception {
    return RexdJson.mapper().readTree(f.get(30, TimeUnit.SECONDS).orElseThrow());
  }

  private static String call(Object id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + RexdJson.mapper().writeValueAsString(id) + ",\"method\":\"" + method
        + "\",\"params\":{" + params + "}}";
  }

  private static String openSession(RexdServer server) throws Exception {
    return answer(server.handle(call(0, "session.open", "\"client_name\":\"host\""))).get("result").get("session_id")
        .asString();
  }

  @Test
  void aHostMethodIsDispatchedAuditedAndAnsweredLikeABuiltInOne() throws Exception {
    try (RexdServer server = server()) {
      String sid = openSession(server);
      JsonNode ok = answer(server.handle(call(1, "acme.greet", "\"session_id\":\"" + sid + "\",\"name\":\"Ada\"")));
      assertThat(ok.get("result").get("text").asString()).isEqualTo("hello, Ada");

      JsonNode missing = answer(server.handle(call(2, "acme.greet", "\"session_id\":\"" + sid + "\"")));
      assertThat(missing.get("error").get("code").asInt()).isEqualTo(-32602);
      assertThat(missing.get("error").get("data").get("field").asString()).isEqualTo("name");

      JsonNode refused = answer(server.handle(call(3, "acme.greet", "\"session_id\":\"" + sid + "\",\"name\":\"nobody\"")));
      assertThat(refused.get("error").get("data").get("reason").asString()).isEqualTo("unknown_name");

      JsonNode bug = answer(server.handle(call(4, "acme.greet", "\"session_id\":\"" + sid + "\",\"name\":\"boom\"")));
      assertThat(bug.get("error").get("code").asInt()).isEqualTo(-32603);
      assertThat(bug.toString()).doesNotContain("a host bug", "IllegalStateException");

      JsonNode noSession = answer(server.handle(call(5, "acme.greet", "\"session_id\":\"sess_x\",\"name\":\"Ada\"")));
      assertThat(noSession.get("error").get("data").get("reason").asString()).isEqualTo("session_not_found");

      List<AuditRecord> greets = audited.stream().filter(r -> r.method().equals("acme.greet")).toList();
      assertThat(greets).extracting(AuditRecord::outcome).containsExactly("ok", "-32602", "-32602", "-32603", "-32602");
      assertThat(greets.get(0).sessionId()).isEqualTo(sid);
      assertThat(greets.get(0).clientName()).isEqualTo("host");
    }
  }

  @Test
  void aHostMethodSendsEventsToItsCallerAndToTheSessionsConnections() throws Exception {
    try (RexdServer server = server()) {
      ConnectionPeer peer = new ConnectionPeer();
      Connection c = server.connect(peer);
      peer.request(call(1, "session.open", "\"client_name\":\"host\""));
      String sid = peer.next().get("result").get("session_id").asString();
      peer.request(call(2, "acme.greet", "\"session_id\":\"" + sid + "\",\"name\":\"Ada\""));
      JsonNode toSession = peer.next();
      JsonNode response = peer.next();
      JsonNode toCaller = peer.next();
      assertThat(toSession.get("method").asString()).isEqualTo("acme.session_greeted");
      assertThat(response.get("result").get("text").asString()).isEqualTo("hello, Ada");
      assertThat(toCaller.get("method").asString()).as("sent after the response").isEqualTo("acme.greeted");
      assertThat(toCaller.get("params").get("name").asString()).isEqualTo("Ada");
      c.close();
    }
  }

  @Test
  void aHostMethodCannotTakeABuiltInOrReservedOrRepeatedName() {
    RexdMethod<SessionInfoParams, Greeting> fsRead = new RexdMethod<>("fs.read", SessionInfoParams.class, Greeting.class);
    assertThatThrownBy(() -> RexdServer.builder().allowedRoot(root).method(fsRead, (call, p) -> new Greeting("")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fs.read");
    RexdMethod<SessionInfoParams, Greeting> reserved = new RexdMethod<>("rpc.x", SessionInfoParams.class, Greeting.class);
    assertThatThrownBy(() -> RexdServer.builder().method(reserved, (call, p) -> new Greeting("")))
        .isInstanceOf(IllegalArgumentException.class);
    RexdServer.Builder twice = RexdServer.builder().method(GREET, (call, p) -> new Greeting(""));
    assertThatThrownBy(() -> twice.method(GREET, (call, p) -> new Greeting("")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
