package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.client.RexdTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JettyAppTest {
  private static final String TOKEN = "it-token-0123456789";
  /** Everything written to stderr, where slf4j-simple logs; installed before any logging starts. */
  private static final ByteArrayOutputStream STDERR = new ByteArrayOutputStream();

  static {
    PrintStream original = System.err;
    System.setErr(new PrintStream(new java.io.OutputStream() {
      @Override
      public synchronized void write(int b) {
        STDERR.write(b);
        original.write(b);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        STDERR.write(b, off, len);
        original.write(b, off, len);
      }
    }, true, StandardCharsets.UTF_8));
  }

  @TempDir Path root;

  @Test
  void agentsReachTheServerMountedInTheApplicationsJetty() throws Exception {
    try (JettyApp app = new JettyApp(root, TOKEN)) {
      String base = "127.0.0.1:" + app.port() + "/agent";

      HttpResponse<String> open = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + base + "/rpc"))
          .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"session.open\",\"params\":{\"client_name\":\"curl\"}}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, open.statusCode());
      assertTrue(open.body().contains("\"session_id\":\"sess_"), open.body());

      RexdTargets targets = RexdTargets.parse("{\"version\":1,\"targets\":{\"app\":{\"transport\":\"ws\","
          + "\"url\":\"ws://" + base + "/ws\",\"token\":\"" + TOKEN + "\"}}}");
      try (RexdClient agent = targets.connect("app"); RexdSession session = agent.openSession("agent")) {
        session.fs().writeString("a.txt", "mounted in jetty\n");
        assertEquals("mounted in jetty\n", session.exec("cat", "a.txt").run().stdout());
      }
      assertEquals("mounted in jetty\n", Files.readString(root.resolve("a.txt")));
    }
    String log = STDERR.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains("No SLF4J providers"), log);
    // Jetty's own SLF4J logging reached the application's provider
    assertTrue(log.contains("org.eclipse.jetty.server.Server - Started"), log);
    // rexd's System.Logger too, through slf4j-jdk-platform-logging
    assertTrue(log.lines().anyMatch(l -> l.contains(" dev.rexd.core.") && l.contains("ignoring rexd.spawn=sideways")), log);
  }
}
