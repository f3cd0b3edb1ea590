package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.RexdServer;
import dev.rexd.core.auth.Role;
import dev.rexd.core.auth.TokenTable;
import dev.rexd.core.recording.Recorder;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.recording.TerminalRecording;
import dev.rexd.transport.http.recording.RecordingServlet;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /recordings/{id}.cast} serves the file behind the token check. */
class RecordingServletTest {
  private static final String TOKEN = "rec-token";

  @TempDir Path root;
  @TempDir Path recordings;
  private RexdServer server;
  private RexdHttpServer http;

  @BeforeEach
  void start() throws Exception {
    server = RexdServer.builder().allowedRoot(root).recording(RecordingConfig.in(recordings)).build();
    Recorder recorder = server.recorder().orElseThrow();
    http = TestServers.http(server).token(TOKEN).mount(RecordingServlet.PATH, new RecordingServlet(recorder)).start();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return JdkSocket.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void servesARecordingAsAsciicastOnlyWithTheToken() throws Exception {
    Recorder recorder = server.recorder().orElseThrow();
    TerminalRecording r = recorder.recordTerminal("sess_1", "pty_1", "bash", 80, 24, null);
    r.output("héllo\r\n".getBytes(StandardCharsets.UTF_8), 0, 8);

    HttpResponse<byte[]> live = get("/recordings/" + r.id() + ".cast", "Authorization", "Bearer " + TOKEN);
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-asciicast");
    assertThat(new String(live.body(), StandardCharsets.UTF_8)).contains("\"o\", \"héllo\\r\\n\"]");

    r.close();
    recorder.flush();
    HttpResponse<byte[]> done = get("/recordings/" + r.id() + ".cast", "Authorization", "Bearer " + TOKEN);
    assertThat(done.body()).isEqualTo(Files.readAllBytes(recordings.resolve(r.id() + ".cast")));

    assertThat(get("/recordings/" + r.id() + ".cast").statusCode()).isEqualTo(401);
    assertThat(get("/recordings/" + r.id() + ".cast", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/recordings/rec_0123456789abcdef01234567.cast", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(404);
    assertThat(get("/recordings/../etc/passwd", "Authorization", "Bearer " + TOKEN).statusCode()).isIn(400, 404);
  }

  @Test
  void eachRoleGetsOnlyTheRecordingsItMayRead() throws Exception {
    http.close();
    http = TestServers.http(server).authenticator(TokenTable.builder()
            .addClear("alice", "alice-token", Role.AGENT)
            .addClear("bob", "bob-token", Role.AGENT)
            .addClear("vic", "vic-token", Role.VIEWER)
            .addClear("ola", "ola-token", Role.OPERATOR).build())
        .mount(RecordingServlet.PATH, new RecordingServlet(server.recorder().orElseThrow())).start();
    TerminalRecording alices = server.recorder().orElseThrow().recordTerminal("sess_1", "pty_1", "bash", 80, 24, "alice");
    alices.output("only alice's\r\n".getBytes(StandardCharsets.UTF_8), 0, 14);
    alices.close();
    String path = "/recordings/" + alices.id() + ".cast";

    for (String reader : new String[] {"alice", "vic", "ola"}) {
      HttpResponse<byte[]> ok = get(path, "Authorization", "Bearer " + reader + "-token");
      assertThat(ok.statusCode()).as(reader).isEqualTo(200);
      assertThat(new String(ok.body(), StandardCharsets.UTF_8)).as(reader).contains("only alice's");
    }
    HttpResponse<byte[]> bobs = get(path, "Authorization", "Bearer bob-token");
    assertThat(bobs.statusCode()).isEqualTo(404);
    assertThat(new String(bobs.body(), StandardCharsets.UTF_8)).doesNotContain("only alice's");
  }
}
