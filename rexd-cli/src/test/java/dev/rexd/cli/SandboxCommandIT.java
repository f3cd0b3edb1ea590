package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rexd.core.sandbox.SandboxCheck;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The real {@code bin/rexd --stdio} with {@code [sandbox] mode = "bwrap"}. */
class SandboxCommandIT {
  @TempDir Path tmp;

  @BeforeAll
  static void sandboxAvailable() {
    SandboxCheck check = SandboxCheck.run(SandboxSettings.defaults());
    assumeTrue(check.usable(), () -> "no sandbox on this host: " + check.items());
  }

  private Path config(Path root, String extra) throws Exception {
    Path state = Files.createDirectories(tmp.resolve("state"));
    return Files.writeString(tmp.resolve("rexd.toml"), "[[security.allowed_roots]]\npath = \"" + root + "\"\n\n"
        + "[audit]\nenabled = true\npath = \"" + state.resolve("audit.log") + "\"\n\n"
        + "[sandbox]\nmode = \"bwrap\"\n" + extra);
  }

  @Test
  void theConfigStateAndHomeAreInvisibleAndKill9LeavesNothingRunning() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path cfg = config(root, "max_memory_mb = 512\n");
    Process server = RexdProcess.builder(List.of("--stdio", "--config", cfg.toString())).directory(root.toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    WirePeer peer = new WirePeer(StdioTransports.attach(server.getInputStream(), server.getOutputStream()));
    JsonNode open = peer.result("session.open", Map.of("client_name", "it"));
    String sid = open.get("session_id").asString();
    assertThat(open.get("capabilities").toString()).contains("\"sandbox\"");
    assertThat(open.at("/sandbox/limits/max_memory_mb/enforced").asBoolean()).isTrue();

    String home = System.getProperty("user.home");
    String marker = "30" + ProcessHandle.current().pid();
    peer.result("exec.start", Map.of("session_id", sid, "shell", true, "command",
        "for p in " + cfg + " " + tmp.resolve("state") + " " + home + "; do [ -e \"$p\" ] && echo \"visible $p\";"
            + " done; echo checked; exec sleep " + marker));
    StringBuilder out = new StringBuilder();
    while (!out.toString().contains("checked\n")) {
      out.append(peer.nextEvent("exec.stdout").get("data").asString());
    }
    assertThat(out.toString()).isEqualTo("checked\n");
    // "checked" may arrive before the shell has exec'd sleep: poll /proc, bounded
    for (int i = 0; i < 200 && !running("sleep " + marker); i++) {
      TimeUnit.MILLISECONDS.sleep(25);
    }
    assertThat(running("sleep " + marker)).isTrue();
    // a command that exits and leaves a job running in its sandbox
    String left = "31" + ProcessHandle.current().pid();
    peer.result("exec.start", Map.of("session_id", sid, "shell", true, "command",
        "sleep " + left + " >/dev/null 2>&1 &"));
    peer.nextEvent("exec.exit");
    assertThat(running("sleep " + left)).isTrue();

    server.destroyForcibly();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 200 && (running("sleep " + marker) || running("sleep " + left)); i++) {
      TimeUnit.MILLISECONDS.sleep(25);   // the kernel ends the sandbox asynchronously: poll /proc, bounded
    }
    assertThat(running("sleep " + marker)).as("a sandboxed process after kill -9 of the server").isFalse();
    assertThat(running("sleep " + left)).as("a job left in a sandbox after kill -9 of the server").isFalse();
  }

  @Test
  void checkSandboxPrintsWhatWorks() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path cfg = config(root, "max_processes = 64\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = RexdMain.run(new String[] {"--check-sandbox", "--config", cfg.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(text).contains("ok    bwrap: ").contains("ok    namespaces: ").contains("max_processes = 64")
        .endsWith("sandbox: usable\n");
  }

  @Test
  void checkSandboxReportsTheConfiguredCgroupParent() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path cgroups = Files.createDirectories(tmp.resolve("cgroups"));
    Files.writeString(cgroups.resolve("cgroup.subtree_control"), "memory pids\n");
    Path cfg = config(root, "max_processes = 64\ncgroup_parent = \"" + cgroups + "\"\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = RexdMain.run(new String[] {"--check-sandbox", "--config", cfg.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("ok    cgroup v2: each sandbox gets a cgroup with memory and pids limits under " + cgroups)
        .contains("ok    max_processes = 64: pids.max of the sandbox's cgroup");
  }

  /** Whether a live (not zombie) process has this command line. */
  private static boolean running(String commandLine) throws Exception {
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path d : dirs) {
        try {
          String cmd = Files.readString(d.resolve("cmdline")).replace('\0', ' ').strip();
          String stat = Files.readString(d.resolve("stat"));
          if (cmd.equals(commandLine) && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z') {
            return true;
          }
        } catch (java.io.IOException gone) {
          // ended while we looked
        }
      }
    }
    return false;
  }
}
