package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.agent.AgentTools;
import dev.rexd.api.ErrorCode;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdRemoteException;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import dev.rexd.client.RexdUnauthorizedException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EmbeddedServer on an ephemeral port: its own in-process agent, and remote agents over WebSocket and HTTP. */
class EmbeddedServerTest {
  private static final String TOKEN = "example-token";

  @TempDir Path dir;

  private static RexdTargets targets(EmbeddedServer app, String token) {
    return RexdTargets.parse("""
        {"version": 1, "targets": {
          "ws": {"transport": "ws", "url": "%s", "token": "%s"},
          "http": {"transport": "http", "url": "%s", "token": "%s"}}}
        """.formatted(app.wsUri(), token, app.rpcUri(), token));
  }

  @Test
  void theHostCallsInProcessAndRemoteAgentsReachTheSameServer() throws Exception {
    try (EmbeddedServer app = EmbeddedServer.start(dir, 0, TOKEN)) {
      assertThat(app.wsUri().toString()).matches("ws://127\\.0\\.0\\.1:\\d+/ws");
      assertThat(app.runLocalAgent()).isEqualTo("written in-process by the host application\n");

      RexdTargets targets = targets(app, TOKEN);
      try (RexdClient ws = targets.connect("ws"); RexdSession s = ws.openSession("remote-agent")) {
        assertThat(s.fs().readString("hello.txt")).startsWith("written in-process");
        CopyOnWriteArrayList<String> streamed = new CopyOnWriteArrayList<>();
        assertThat(s.shell("echo one; echo two >&2; exit 4").onOutput(c -> streamed.add(c.text())).start().waitFor()
            .exitCode()).isEqualTo(4);
        assertThat(String.join("", streamed)).contains("one", "two");
      }
      try (RexdClient http = targets.connect("http"); RexdSession s = http.openSession("http-agent")) {
        s.fs().writeString("from-http.txt", "posted");
        assertThat(s.fs().glob("*.txt").matches()).hasSize(2);
      }
      assertThat(Files.readString(dir.resolve("from-http.txt"))).isEqualTo("posted");
      try (AgentTools tools = ToolsForAModel.forTarget(targets, "http")) {
        assertThat(ToolsForAModel.call(tools, "bash", "{\"command\": \"cat from-http.txt; exit 3\"}"))
            .startsWith("posted\n[exit 3 after");
      }
    }
  }

  @Test
  void aWrongTokenIsRefusedOnBothTransports() throws Exception {
    try (EmbeddedServer app = EmbeddedServer.start(dir, 0, TOKEN)) {
      RexdTargets wrong = targets(app, "not-the-token");
      assertThatThrownBy(() -> wrong.connect("ws"))
          .isInstanceOfSatisfying(RexdUnauthorizedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED))
          .hasMessageContaining("401");
      try (RexdClient http = wrong.connect("http")) {
        assertThatThrownBy(() -> http.openSession("intruder"))
            .isInstanceOfSatisfying(RexdRemoteException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
      }
    }
  }

  @Test
  void closingStopsListening() throws Exception {
    URI ws;
    try (EmbeddedServer app = EmbeddedServer.start(dir, 0, TOKEN)) {
      ws = app.wsUri();
    }
    assertThatThrownBy(() -> new Socket(ws.getHost(), ws.getPort()).close()).isInstanceOf(IOException.class);
  }
}
