package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rexd --http} as an operator runs it: refusals, the token from the environment, SIGTERM. */
class HttpCommandIT {
  @TempDir Path tmp;

  @Test
  void aPublicAddressWithoutATokenIsRefusedWithExit2() throws Exception {
    Path err = tmp.resolve("err");
    Process p = RexdProcess.builder(List.of("--http", "0.0.0.0:0")).directory(tmp.toFile())
        .redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err)).contains("refusing").contains("auth_token").contains("--insecure");
    assertThat(new String(p.getInputStream().readAllBytes())).isEmpty();
  }

  @Test
  void aMalformedAddressIsAUsageError() throws Exception {
    Path err = tmp.resolve("err");
    Process p = RexdProcess.builder(List.of("--http", "8080")).directory(tmp.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(err)).contains("HOST:PORT");
  }

  @Test
  void sigtermStopsTheServerAndEndsEveryProcessGroup() throws Exception {
    Path cfg = tmp.resolve("rexd.toml");
    Files.writeString(cfg, "[server]\nauth_token = \"from-config\"\n[[security.allowed_roots]]\npath = \"" + tmp + "\"\n");
    long pid;
    HttpServerProcess rexd = HttpServerProcess.start(tmp, "--config", cfg.toString());
    try (WirePeer peer = new WirePeer(WebSocketTransport.builder(rexd.uri("ws", "/ws")).token("from-config").connect())) {
      String sid = peer.openSession();
      peer.result("exec.start", Map.of("session_id", sid, "argv", List.of("sh", "-c", "echo $$; sleep 300 & wait")));
      pid = Long.parseLong(peer.nextEvent("exec.stdout").get("data").asString().trim());
      assertThat(ProcessHandle.of(pid)).isPresent();
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(rexd.uri("http", "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      rexd.stop();
    }
    assertThat(Files.readString(rexd.stderr)).contains("stopping");
    // the shell is reparented to this container's init, which may not reap it: a zombie has ended too
    assertThat(StdioShutdownIT.goneOrZombie(pid)).as("the shell was ended").isTrue();
  }
}
