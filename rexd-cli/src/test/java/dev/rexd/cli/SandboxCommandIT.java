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

  /**
   * What the server writes and keeps to itself (state directory, recordings, transcript, audit
   * log) shows nothing inside its sandboxes, also where it lies inside a root.
   */
  @Test
  void whatTheServerKeepsInsideARootShowsNothing() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path own = Files.createDirectories(root.resolve("own"));
    Path state = Files.createDirectories(own.resolve("state"));
    Files.writeString(state.resolve("probe"), "kept by the server\n");
    Path cfg = Files.writeString(tmp.resolve("rexd.toml"), "[server]\nstate_dir = \"" + state + "\"\n\n"
        + "[[security.allowed_roots]]\npath = \"" + root + "\"\n\n"
        + "[audit]\nenabled = true\npath = \"" + own.resolve("audit.log") + "\"\n\n"
        + "[recording]\nenabled = true\ndir = \"" + own.resolve("recordings") + "\"\n\n"
        + "[transcript]\nenabled = true\npath = \"" + own.resolve("transcript.jsonl") + "\"\n\n"
        + "[sandbox]\nmode = \"bwrap\"\n");
    Process server = RexdProcess.builder(List.of("--stdio", "--config", cfg.toString())).directory(root.toFile())
        .redirectError(tmp.resolve("stderr").toFile()).start();
    try {
      WirePeer peer = new WirePeer(StdioTransports.attach(server.getInputStream(), server.getOutputStream()));
      String sid = peer.result("session.open", Map.of("client_name", "it")).get("session_id").asString();
      peer.result("exec.start", Map.of("session_id", sid, "argv", List.of("true")));
      peer.nextEvent("exec.exit");
      for (Path written : List.of(own.resolve("audit.log"), own.resolve("transcript.jsonl"))) {
        assertThat(Files.size(written)).as(written + " on the host").isPositive();
      }
      try (var casts = Files.list(own.resolve("recordings"))) {
        assertThat(casts.count()).as("recordings on the host").isPositive();
      }

      peer.result("exec.start", Map.of("session_id", sid, "shell", true, "command",
          "ls -A own/state own/recordings; cat own/audit.log own/transcript.jsonl; echo checked"));
      StringBuilder out = new StringBuilder();
      while (!out.toString().endsWith("checked\n")) {
        out.append(peer.nextEvent("exec.stdout").get("data").asString());
      }
      assertThat(out.toString()).isEqualTo("own/recordings:\n\nown/state:\nchecked\n");
    } finally {
      server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A server told to sandbox that cannot refuses to start, and says which part is missing and how to fix it. */
  @Test
  void aServerThatCannotSandboxRefusesToStartAndSaysWhy() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
    Path cfg = config(root, "");
    Path noBwrap = Files.createDirectories(tmp.resolve("no-bwrap"));
    Files.createSymbolicLink(noBwrap.resolve("bash"), Path.of("/bin/bash"));
    String refused = refusal(cfg, noBwrap.toString());
    assertThat(refused).contains("[sandbox] mode = \"bwrap\" cannot work on this host")
        .contains("bwrap: not found on PATH: install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap");

    Path failing = Files.createDirectories(tmp.resolve("failing-bwrap"));
    Path fake = Files.writeString(failing.resolve("bwrap"),
        "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
    fake.toFile().setExecutable(true);
    refused = refusal(cfg, failing + ":" + System.getenv("PATH"));
    assertThat(refused).contains("namespaces: bwrap failed (bwrap: No permissions to create new namespace)")
        .contains("enable user namespaces");
  }

  /** What {@code bin/rexd --stdio} says on stderr when it exits at once with this {@code PATH}. */
  private String refusal(Path cfg, String path) throws Exception {
    Path stderr = tmp.resolve("refused.stderr");
    ProcessBuilder pb = RexdProcess.builder(List.of("--stdio", "--config", cfg.toString()))
        .redirectError(stderr.toFile());
    pb.environment().put("PATH", path);
    pb.environment().put("REXD_JAVA", System.getProperty("java.home"));
    pb.environment().put("REXD_ARCHIVE", "off");
    Process server = pb.start();
    server.getOutputStream().close();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isEqualTo(2);
    assertThat(new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
    return Files.readString(stderr);
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
