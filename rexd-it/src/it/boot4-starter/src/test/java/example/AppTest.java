package example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

class AppTest {
  private static final String TOKEN = "it-token-0123456789";

  @TempDir Path dir;

  @Test
  void clientFromTargetsServerOnTheApplicationsPortAndHealth() throws Exception {
    Path targetRoot = Files.createDirectory(dir.resolve("target-root"));
    Path served = Files.createDirectory(dir.resolve("served"));
    Path config = Files.writeString(dir.resolve("rexd.toml"),
        "[[security.allowed_roots]]\npath = \"" + targetRoot + "\"\n[audit]\nenabled = false\n");
    String java = ProcessHandle.current().info().command().orElseThrow();
    String command = java + " -jar " + System.getProperty("rexd.cli.jar") + " --stdio --config " + config;

    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).run(
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--rexd.targets.local.transport=stdio",
        "--rexd.targets.local.command=" + command,
        "--rexd.server.enabled=true",
        "--rexd.server.roots=" + served,
        "--rexd.server.token=" + TOKEN,
        "--management.endpoint.health.show-details=always")) {
      // the RexdClient bean, on the stdio target
      assertThat(app.getBean(App.Builds.class).build("it")).isEqualTo("building it\n");
      assertThat(Files.readString(targetRoot.resolve("build.sh"))).isEqualTo("echo building it\n");

      int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
      // a remote agent, over the WebSocket the application serves
      RexdTargets remote = RexdTargets.parse("{\"version\":1,\"targets\":{\"app\":{\"transport\":\"ws\","
          + "\"url\":\"ws://127.0.0.1:" + port + "/rexd/ws\",\"token\":\"" + TOKEN + "\"}}}");
      try (RexdClient agent = remote.connect("app"); RexdSession session = agent.openSession("agent")) {
        session.fs().writeString("notes.txt", "served by the application\n");
        assertThat(session.exec("cat", "notes.txt").run().stdout()).isEqualTo("served by the application\n");
      }
      assertThat(Files.readString(served.resolve("notes.txt"))).isEqualTo("served by the application\n");

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rexd/rpc"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{}}"))
          .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(401);

      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/actuator/health/rexd")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"UP\"").contains(served.toRealPath().toString())
          .contains("server_version");
    }
  }
}
