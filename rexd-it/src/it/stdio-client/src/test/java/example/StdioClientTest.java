package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rexd.client.ExecResult;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rexd-client alone, against a spawned `rexd --stdio` of this build: open, write, exec, read. */
class StdioClientTest {
  @TempDir Path dir;

  @Test
  void roundTripThroughASpawnedServer() throws Exception {
    Path root = Files.createDirectory(dir.resolve("work"));
    Path config = Files.writeString(dir.resolve("rexd.toml"),
        "[[security.allowed_roots]]\npath = \"" + root + "\"\n[audit]\nenabled = false\n");
    String java = ProcessHandle.current().info().command().orElseThrow();

    try (RexdClient rexd = RexdClient.spawn(java, "-jar", System.getProperty("rexd.cli.jar"),
            "--stdio", "--config", config.toString());
         RexdSession session = rexd.openSession("stdio-client")) {
      assertEquals(root.toRealPath().toString(), session.workspaceRoots().get(0));

      session.fs().writeString("hello.txt", "hello from a consumer\n");
      ExecResult cat = session.exec("cat", "hello.txt").run();
      assertEquals(0, cat.exitCode());
      assertEquals("hello from a consumer\n", cat.stdout());
      assertEquals("hello from a consumer\n", Files.readString(root.resolve("hello.txt")));
      assertEquals("hello from a consumer\n", session.fs().readString("hello.txt"));
    }
  }

  @Test
  void thePublishedClientBringsNoJackson() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("tools.jackson.databind.ObjectMapper"));
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("com.fasterxml.jackson.annotation.JsonInclude"));
    // the jar installed from target/published, not the reactor's classes
    assertTrue(RexdClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()
        .contains("/it-repo/dev/rexd/rexd-client/"));
  }
}
