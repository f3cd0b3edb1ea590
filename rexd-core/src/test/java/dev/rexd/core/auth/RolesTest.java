package dev.rexd.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.RexdException;
import org.junit.jupiter.api.Test;

/** Roles, the token table and who may make which call on whose session. */
class RolesTest {
  private static final Principal AGENT = new Principal("bot", Role.AGENT);
  private static final Principal OTHER_AGENT = new Principal("bot2", Role.AGENT);
  private static final Principal VIEWER = new Principal("vera", Role.VIEWER);
  private static final Principal OPERATOR = new Principal("olga", Role.OPERATOR);

  @Test
  void rolesIncludeWhatTheProtocolSays() {
    assertThat(Role.OPERATOR.includes(Role.AGENT)).isTrue();
    assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
    assertThat(Role.VIEWER.includes(Role.AGENT)).isFalse();
    assertThat(Role.AGENT.includes(Role.VIEWER)).isFalse();
    assertThat(Role.parse("viewer")).isEqualTo(Role.VIEWER);
    assertThatThrownBy(() -> Role.parse("admin")).hasMessageContaining("agent, viewer or operator");
  }

  @Test
  void tokensAreMatchedByTheirHash() {
    TokenTable t = TokenTable.builder().add("bot", TokenTable.sha256Hex("agent-secret"), Role.AGENT)
        .add("vera", TokenTable.sha256Hex("viewer-secret").toUpperCase(), Role.VIEWER).build();
    assertThat(t.authenticate("agent-secret")).isEqualTo(AGENT);
    assertThat(t.authenticate("viewer-secret")).isEqualTo(VIEWER);
    assertThat(t.authenticate("agent-secreT")).isNull();
    assertThat(t.authenticate("")).isNull();
    assertThat(TokenTable.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThatThrownBy(() -> TokenTable.builder().add("x", "not-hex", Role.AGENT))
        .hasMessageContaining("64 hex digits");
  }

  @Test
  void serverMethodsNeedViewerAndApprovalsNeedOperator() {
    assertForbidden(() -> AccessRules.checkRole("server.sessions", AGENT));
    assertThatCode(() -> AccessRules.checkRole("server.sessions", VIEWER)).doesNotThrowAnyException();
    assertForbidden(() -> AccessRules.checkRole("approval.decide", VIEWER));
    assertThatCode(() -> AccessRules.checkRole("approval.decide", OPERATOR)).doesNotThrowAnyException();
    assertForbidden(() -> AccessRules.checkRole("session.open", VIEWER));
    assertThatCode(() -> AccessRules.checkRole("session.watch", VIEWER)).doesNotThrowAnyException();
  }

  @Test
  void anAgentUsesOnlyItsOwnSessionsAndLearnsNothingOfOthers() {
    assertThatCode(() -> AccessRules.checkSession("exec.start", AGENT, AGENT, "s1")).doesNotThrowAnyException();
    assertThatThrownBy(() -> AccessRules.checkSession("exec.kill", OTHER_AGENT, AGENT, "s1"))
        .isInstanceOfSatisfying(RexdException.class, e -> assertThat(e.reason()).isEqualTo("session_not_found"));
  }

  @Test
  void aViewerReadsAndAnOperatorActsOnOtherSessions() {
    assertThatCode(() -> AccessRules.checkSession("session.watch", VIEWER, AGENT, "s1")).doesNotThrowAnyException();
    assertForbidden(() -> AccessRules.checkSession("pty.input", VIEWER, AGENT, "s1"));
    for (String m : new String[] {"pty.input", "pty.resize", "exec.kill", "exec.input", "pty.close", "session.close"}) {
      assertThatCode(() -> AccessRules.checkSession(m, OPERATOR, AGENT, "s1")).doesNotThrowAnyException();
    }
    assertForbidden(() -> AccessRules.checkSession("exec.start", OPERATOR, AGENT, "s1"));
    assertForbidden(() -> AccessRules.checkSession("fs.write", OPERATOR, AGENT, "s1"));
  }

  private static void assertForbidden(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RexdException.class, e -> {
      assertThat(e.rawCode()).isEqualTo(-32001);
      assertThat(e.reason()).isEqualTo("forbidden_role");
    });
  }
}
