package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.rexd.core.testing.WirePeer;
import dev.rexd.transport.http.client.WebSocketTransport;
import dev.rexd.transport.stdio.StdioTransports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM, SIGINT and SIGHUP to a real {@code bin/rexd}, in stdio and HTTP mode: a plain child, a
 * {@code sh -c} tree and a terminal are ended before the server exits; a detached process is not.
 */
class SignalShutdownIT {
  private static final Pattern PID = Pattern.compile("(\\d+)");
  private static final String TREE = "sleep 300 & echo $!; wait";

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} SIG{1}")
  @CsvSource({"stdio, TERM", "stdio, INT", "stdio, HUP", "http, TERM", "http, INT", "http, HUP"})
  void aSignalEndsEveryGroupButTheDetachedOnes(String mode, String signal) throws Exception {
    // a JVM keeps ignoring what its parent ignored (a script's background job ignores INT): so does
    // the server this one starts
    assumeFalse(ignoredHere(signal), "this test runs with SIG" + signal + " ignored, as the server it starts would");
    Path cfg = tmp.resolve("rexd.toml");
    Files.writeString(cfg, "[server]\nauth_token = \"t\"\n[[security.allowed_roots]]\npath = \"" + tmp + "\"\n");
    Process server;
    WirePeer peer;
    Path stderr;
    if (mode.equals("stdio")) {
      stderr = tmp.resolve("stderr");
      server = RexdProcess.builder(List.of("--stdio", "--config", cfg.toString())).directory(tmp.toFile())
          .redirectError(stderr.toFile()).start();
      peer = new WirePeer(StdioTransports.attach(server.getInputStream(), server.getOutputStream()));
    } else {
      HttpServerProcess http = HttpServerProcess.start(tmp, "--config", cfg.toString());
      server = http.process;
      stderr = http.stderr;
      peer = new WirePeer(WebSocketTransport.builder(http.uri("ws", "/ws")).token("t").connect());
    }
    long plain;
    long tree;
    long terminal = -1;
    long detached;
    try (peer) {
      String sid = peer.openSession();
      plain = firstPid(peer, sid, Map.of("argv", List.of("sh", "-c", "echo $$; exec sleep 300")));
      tree = firstPid(peer, sid, Map.of("shell", true, "command", TREE));
      detached = firstPid(peer, sid, Map.of("shell", true, "command", TREE, "detach", true));
      JsonNode opened = peer.call("pty.open", Map.of("session_id", sid, "shell", true, "command", TREE));
      if (opened.has("result")) {
        terminal = pidIn(peer.nextEvent("pty.output"));
      }
      new ProcessBuilder("kill", "-s", signal, String.valueOf(server.pid())).start().waitFor();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();
    } finally {
      server.destroyForcibly();
    }
    try {
      assertThat(StdioShutdownIT.goneOrZombie(plain)).as("plain child; the server said: %s", Files.readString(stderr))
          .isTrue();
      assertThat(StdioShutdownIT.goneOrZombie(tree)).as("grandchild of sh -c").isTrue();
      if (terminal > 0) {
        assertThat(StdioShutdownIT.goneOrZombie(terminal)).as("job of a terminal").isTrue();
      }
      assertThat(running(detached)).as("detached process").isTrue();
    } finally {
      ProcessHandle.of(detached).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static long firstPid(WirePeer peer, String sid, Map<String, Object> start) throws InterruptedException {
    Map<String, Object> params = new java.util.HashMap<>(start);
    params.put("session_id", sid);
    peer.result("exec.start", params);
    return pidIn(peer.nextEvent("exec.stdout"));
  }

  private static long pidIn(JsonNode event) {
    Matcher m = PID.matcher(event.get("data").asString());
    assertThat(m.find()).as("a pid in " + event).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (!Files.exists(stat)) {
      return false;
    }
    String s = Files.readString(stat);
    return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
  }

  /** Whether this JVM ignores the signal ({@code SigIgn} of {@code /proc/self/status}). */
  private static boolean ignoredHere(String signal) throws java.io.IOException {
    int number = switch (signal) {
      case "HUP" -> 1;
      case "INT" -> 2;
      default -> 15;
    };
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 1L << (number - 1)) != 0;
      }
    }
    return false;
  }
}
