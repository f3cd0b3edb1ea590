package dev.rexd.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.core.RexdServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tool against an in-process server on a temporary directory, with real processes. */
class AgentToolsTest {
  @TempDir Path temp;
  Path root;
  RexdServer server;
  RexdClient client;
  RexdSession session;
  AgentTools tools;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectory(temp.resolve("work")).toRealPath();
    server = RexdServer.builder().allowedRoot(root).build();
    client = RexdClient.inProcess(server::connect);
    session = client.openSession("agent-tools-test");
    tools = AgentTools.over(session, AgentTools.Settings.defaults().withIdleTimeout(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    tools.close();
    session.close();
    client.close();
    server.close();
  }

  private ToolResult call(String tool, Map<String, ?> args) {
    return tools.call(tool, args);
  }

  @Test
  void everyToolHasASchemaAndTruthfulHints() {
    assertThat(tools.tools()).extracting(AgentTool::name).containsExactly("bash", "process_start", "process_output",
        "process_input", "process_kill", "process_list", "read", "write", "edit", "apply_patch", "glob", "grep", "list");
    for (AgentTool t : tools.tools()) {
      assertThat(t.description()).isNotBlank();
      assertThat(t.inputSchema().get("type").asString()).isEqualTo("object");
      assertThat(t.inputSchemaJson()).isEqualTo(t.inputSchema().toString()).startsWith("{\"type\":\"object\",");
      assertThat(t.hints().readOnly() && t.hints().destructive()).isFalse();
    }
    assertThat(tools.tool("read").hints().readOnly()).isTrue();
    assertThat(tools.tool("grep").hints().readOnly()).isTrue();
    assertThat(tools.tool("bash").hints().destructive()).isTrue();
    assertThat(tools.tool("bash").hints().openWorld()).isTrue();
    assertThat(tools.tool("write").hints().idempotent()).isTrue();
    assertThat(tools.tool("bash").inputSchema().get("required").get(0).asString()).isEqualTo("command");
  }

  @Test
  void bashReturnsTextAsATerminalShowsItAndHowItEnded() {
    ToolResult ok = call("bash", Map.of("command", "printf '\\033[32mgreen\\033[0m\\n10%%\\r100%%\\n'"));
    assertThat(ok.isError()).isFalse();
    assertThat(ok.text()).startsWith("green\n100%\n[exit 0 after ");

    ToolResult failed = call("bash", Map.of("command", "echo oops >&2; exit 3"));
    assertThat(failed.text()).startsWith("oops\n[exit 3 after ");
    assertThat(call("bash", Map.of("command", "true")).text()).startsWith("(no output)\n[exit 0");
    assertThat(call("bash", Map.of("command", "kill -9 $$")).text()).contains("killed by SIGKILL");
    assertThat(call("bash", Map.of("command", "sleep 30", "timeout", 1)).text()).contains("timed out after");
    assertThat(call("bash", Map.of("command", "pwd", "cwd", "sub")).text()).isEqualTo("cwd is not an existing directory: sub");
  }

  @Test
  void longOutputIsCutToHeadAndTailAndTheRestCanBeRead() {
    ToolResult r = call("bash", Map.of("command", "seq 1 20000"));
    String text = r.text();
    assertThat(text).startsWith("1\n2\n3\n").contains("\n20000\n[exit 0");
    Matcher m = Pattern.compile("\\[… (\\d+) bytes omitted — read with process_output\\(\"(p_\\d+)\", (\\d+)\\)\\]")
        .matcher(text);
    assertThat(m.find()).as(text).isTrue();
    long total = seqBytes(20000);
    int budget = AgentTools.Settings.defaults().outputBudgetBytes();
    assertThat(Long.parseLong(m.group(1))).isEqualTo(total - budget);
    long offset = Long.parseLong(m.group(3));
    assertThat(offset).isEqualTo(budget / 2);

    ToolResult more = call("process_output", Map.of("id", m.group(2), "offset", offset));
    String expected = seqText(20000).substring((int) offset, (int) offset + budget);
    assertThat(more.text()).startsWith(expected);
    assertThat(more.text()).contains("more bytes — read with process_output(\"" + m.group(2) + "\", "
        + (offset + budget) + ")");
  }

  private static String seqText(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      s.append(i).append('\n');
    }
    return s.toString();
  }

  private static long seqBytes(int n) {
    return seqText(n).length();
  }

  @Test
  void headAndTailCutsNeverSplitACharacterAndKeepWithinTheBudget() {
    byte[] text = "äöü€🎉x".repeat(400).getBytes(StandardCharsets.UTF_8);
    for (int budget = 256; budget < 300; budget++) {
      String cut = HeadTail.cut(text, budget, "p_1", 0);
      Matcher m = Pattern.compile("\n?\\[… (\\d+) bytes omitted — read with process_output\\(\"p_1\", (\\d+)\\)\\]\n")
          .matcher(cut);
      assertThat(m.find()).isTrue();
      String head = cut.substring(0, m.start());
      String tail = cut.substring(m.end());
      int headBytes = head.getBytes(StandardCharsets.UTF_8).length;
      int tailBytes = tail.getBytes(StandardCharsets.UTF_8).length;
      assertThat(head).doesNotContain("\uFFFD");
      assertThat(tail).doesNotContain("\uFFFD");
      assertThat(headBytes + tailBytes).isLessThanOrEqualTo(budget).isGreaterThan(budget - 8);
      assertThat(headBytes).isLessThanOrEqualTo(budget / 2).isGreaterThan(budget / 2 - 4);
      assertThat(Long.parseLong(m.group(1))).isEqualTo(text.length - headBytes - tailBytes);
      assertThat(Long.parseLong(m.group(2))).isEqualTo(headBytes);
      assertThat(new String(text, StandardCharsets.UTF_8)).startsWith(head).endsWith(tail);
    }
    assertThat(HeadTail.cut("short".getBytes(StandardCharsets.UTF_8), 256, "p_1", 0)).isEqualTo("short");
  }

  @Test
  void aTextOfExactlyTheBudgetIsWholeAndOneByteMoreLosesExactlyOneByte() {
    byte[] fits = "ab€".repeat(64).getBytes(StandardCharsets.UTF_8);   // 320 bytes, 5 per repeat
    assertThat(HeadTail.cut(fits, fits.length, "p_2", 0)).isEqualTo(new String(fits, StandardCharsets.UTF_8));

    byte[] ascii = "x".repeat(301).getBytes(StandardCharsets.US_ASCII);
    assertThat(HeadTail.cut(ascii, 300, "p_2", 1000))
        .isEqualTo("x".repeat(150) + "\n[… 1 bytes omitted — read with process_output(\"p_2\", 1150)]\n" + "x".repeat(150));

    // the budget's middle falls inside "€" (bytes 2..4 of each 5): the head stops before it, the tail after it
    String cut = HeadTail.cut(fits, fits.length - 1, "p_2", 0);
    assertThat(cut).startsWith("ab€".repeat(31) + "ab\n[… 3 bytes omitted — read with process_output(\"p_2\", 157)]\n")
        .endsWith("ab€".repeat(32));
  }

  @Test
  void anIdleCommandReturnsWhileItKeepsRunningAndOutputContinuesWhereItStopped() throws Exception {
    Path gate = root.resolve("gate");
    ToolResult first = call("bash", Map.of("command",
        "echo started; while [ ! -e gate ]; do sleep 0.05; done; echo after-gate; exit 7"));
    assertThat(first.isError()).isFalse();
    assertThat(first.text()).startsWith("started\n").contains("running for").contains("no output for 2 s");
    String id = first.text().replaceAll("(?s).*still running as (p_\\d+).*", "$1");
    assertThat(call("process_list", Map.of()).text()).contains(id).contains("running");

    Files.writeString(gate, "");
    ToolResult rest = call("process_output", Map.of("id", id, "wait", 30));
    assertThat(rest.text()).startsWith("after-gate\n");
    String end = rest.text().contains("[exit") ? rest.text() : call("process_output", Map.of("id", id, "wait", 30)).text();
    assertThat(end).contains("[exit 7 after");
  }

  @Test
  void backgroundProcessesTakeInputAndCanBeKilled() {
    ToolResult started = call("process_start", Map.of("command", "while read line; do echo \"got $line\"; done"));
    String id = started.text().replaceAll("(?s)^started (p_\\d+).*", "$1");
    assertThat(id).matches("p_\\d+");
    assertThat(call("process_input", Map.of("id", id, "text", "hello\n")).text()).startsWith("wrote 6 bytes");
    assertThat(call("process_output", Map.of("id", id, "wait", 30)).text()).startsWith("got hello\n");
    ToolResult killed = call("process_kill", Map.of("id", id));
    assertThat(killed.text()).contains("killed by SIGTERM");
    assertThat(call("process_input", Map.of("id", id, "text", "x")).isError()).isTrue();
    assertThat(call("process_output", Map.of("id", "p_999")).text()).contains("no process 'p_999' (known: " + id);

    ToolResult background = call("bash", Map.of("command", "sleep 5; echo done", "background", true));
    assertThat(background.text()).startsWith("started p_");
  }

  @Test
  void binaryOutputIsDescribedNotShown() {
    ToolResult r = call("bash", Map.of("command", "printf 'text first\\n'; printf '\\211PNG\\r\\n\\032\\n\\000\\000\\000'"));
    assertThat(r.text()).startsWith("text first\n").contains("[binary output on stdout: 11 bytes, image/png");
    assertThat(r.text()).doesNotContain("PNG\r");
  }

  @Test
  void cancelingACallKillsTheProcessGroup() throws Exception {
    BlockingQueue<String> progress = new LinkedBlockingQueue<>();
    ToolCall call = ToolCall.reporting((done, message) -> progress.add(message));
    Path pidFile = root.resolve("child.pid");
    CompletableFuture<ToolResult> result = CompletableFuture.supplyAsync(() -> tools.call("bash",
        dev.rexd.api.json.RexdJson.mapper().valueToTree(Map.of("command", "sleep 300 & echo $! > child.pid; wait")),
        call));
    String report = progress.poll(30, TimeUnit.SECONDS);
    assertThat(report).as("a progress report; the call gave %s", result.getNow(null)).contains("running for");
    call.cancel();
    ToolResult r = result.get(30, TimeUnit.SECONDS);
    assertThat(r.isError()).isTrue();
    assertThat(r.text()).startsWith("canceled: the command's process group was killed");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(child).ifPresent(h -> assertThat(h.onExit()).succeedsWithin(Duration.ofSeconds(30)));
  }

  @Test
  void fileToolsReadWriteEditPatchAndSearch() throws Exception {
    assertThat(call("write", Map.of("path", "src/a.txt", "content", "one\ntwo\nthree\n")).text())
        .startsWith("created " + root.resolve("src/a.txt") + " (14 bytes)");
    assertThat(call("read", Map.of("path", "src/a.txt")).text()).isEqualTo("     1\tone\n     2\ttwo\n     3\tthree\n");
    assertThat(call("read", Map.of("path", "src/a.txt", "offset", 2, "limit", 1)).text())
        .isEqualTo("     2\ttwo\n[lines 2-2 of 3; read more with offset=3]\n");
    assertThat(call("edit", Map.of("path", "src/a.txt", "old_string", "two", "new_string", "2")).text())
        .isEqualTo("replaced 1 occurrence in " + root.resolve("src/a.txt"));
    call("write", Map.of("path", "src/b.txt", "content", "x\nx\nx\n"));
    assertThat(call("edit", Map.of("path", "src/b.txt", "old_string", "x", "new_string", "y")).text())
        .contains("old_string occurs 3 times").contains("give more context or set replace_all");
    assertThat(call("edit", Map.of("path", "src/b.txt", "old_string", "x", "new_string", "y", "replace_all", true))
        .text()).startsWith("replaced 3 occurrences");

    String patch = "*** Begin Patch\n*** Update File: src/a.txt\n@@\n one\n-2\n+two again\n three\n"
        + "*** Add File: src/c.txt\n+new file\n*** End Patch\n";
    assertThat(call("apply_patch", Map.of("patch", patch)).text()).startsWith("patch applied: added ")
        .contains("updated ");
    assertThat(Files.readString(root.resolve("src/a.txt"))).isEqualTo("one\ntwo again\nthree\n");

    assertThat(call("glob", Map.of("pattern", "**/*.txt")).text().lines())
        .containsExactly(root.resolve("src/a.txt").toString(), root.resolve("src/b.txt").toString(),
            root.resolve("src/c.txt").toString());
    assertThat(call("grep", Map.of("pattern", "AGAIN", "ignore_case", true)).text())
        .isEqualTo(root.resolve("src/a.txt") + ":2: two again\n");
    assertThat(call("grep", Map.of("pattern", "three", "context", 1)).text())
        .isEqualTo(root.resolve("src/a.txt") + "-2- two again\n" + root.resolve("src/a.txt") + ":3: three\n");
    assertThat(call("list", Map.of("path", "src")).text())
        .isEqualTo(root.resolve("src") + ":\na.txt  (20 bytes)\nb.txt  (6 bytes)\nc.txt  (9 bytes)\n");
  }

  @Test
  void imagesComeBackAsImagesAndOtherBinaryFilesAreDescribed() throws Exception {
    byte[] png = Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    Files.write(root.resolve("dot.png"), png);
    ToolResult image = call("read", Map.of("path", "dot.png"));
    assertThat(image.content()).hasSize(2);
    assertThat(image.content().get(1)).isEqualTo(new ToolResult.Image(Base64.getEncoder().encodeToString(png), "image/png"));
    Files.write(root.resolve("blob.pdf"), new byte[] {'%', 'P', 'D', 'F', '-', '1', 0, 1, 2});
    assertThat(call("read", Map.of("path", "blob.pdf")).text())
        .isEqualTo("blob.pdf is a binary file (9 bytes, application/pdf); not shown");
  }

  @Test
  void failuresAreShortMessagesAModelCanActOn() {
    ToolResult outside = call("read", Map.of("path", "../../etc/passwd"));
    assertThat(outside.isError()).isTrue();
    assertThat(outside.text()).isEqualTo("path is outside the allowed roots (" + root + "): ../../etc/passwd");
    assertThat(call("read", Map.of("path", "missing.txt")).text()).contains("no such file or directory");
    assertThat(call("bash", Map.of()).text()).isEqualTo("missing required argument 'command'");
    assertThat(call("bash", Map.of("command", "true", "timeout", "soon")).text())
        .isEqualTo("argument 'timeout' must be an integer, got \"soon\"");
    assertThat(call("bash", Map.of("command", "true", "cmd", "x")).text())
        .startsWith("unknown argument 'cmd'; this tool takes: command, cwd, timeout, background");
    assertThat(call("nope", Map.of()).text()).startsWith("no tool named 'nope'");
    assertThat(tools.call("read", "{not json", ToolCall.quiet()).text()).startsWith("arguments are not valid JSON");
    assertThat(call("grep", Map.of("pattern", "(")).text()).startsWith("pattern is not a valid regular expression");
    assertThat(call("bash", Map.of("command", "true", "timeout", "30")).isError()).isFalse();
  }

  @Test
  void aTargetThatCannotBeReachedFailsEachCallAndReconnectsOnTheNext() {
    int[] attempts = {0};
    try (AgentTools remote = AgentTools.connecting(() -> {
      if (attempts[0]++ == 0) {
        return RexdClient.spawn("/nonexistent/rexd", "--stdio");
      }
      return RexdClient.inProcess(server::connect);
    }, "reconnect-test", AgentTools.Settings.defaults())) {
      ToolResult first = remote.call("bash", Map.of("command", "echo hi"));
      assertThat(first.isError()).isTrue();
      assertThat(first.text()).startsWith("the host cannot be reached: ").endsWith("; the next call connects again")
          .doesNotContain("Exception").doesNotContain("\tat ");
      ToolResult second = remote.call("bash", Map.of("command", "echo hi"));
      assertThat(second.text()).startsWith("hi\n[exit 0");
      assertThat(attempts[0]).isEqualTo(2);
    }
  }

  @Test
  void aHostLostBetweenCallsIsOneErrorAndTheNextCallConnectsAgain() throws Exception {
    AtomicInteger connects = new AtomicInteger();
    try (AgentTools remote = AgentTools.connecting(() -> {
      connects.incrementAndGet();
      return RexdClient.spawn(StdioServerMain.command(root).toArray(String[]::new));
    }, "lost-test", AgentTools.Settings.defaults())) {
      String first = remote.call("bash", Map.of("command", "echo $PPID")).text();
      assertThat(first).matches("(?s)\\d+\n\\[exit 0 after .*");
      long pid = Long.parseLong(first.lines().findFirst().orElseThrow());
      ProcessHandle host = ProcessHandle.current().children().filter(h -> h.pid() == pid).findFirst()
          .orElseThrow(() -> new AssertionError("the shell's parent " + pid + " is not the server this JVM spawned"));
      host.destroyForcibly();
      assertThat(host.onExit()).succeedsWithin(Duration.ofSeconds(30));

      ToolResult lost = remote.call("bash", Map.of("command", "echo two"));
      assertThat(lost.isError()).isTrue();
      assertThat(lost.text()).startsWith("the host cannot be reached: ").endsWith("; the next call connects again");
      assertThat(remote.call("bash", Map.of("command", "echo three")).text()).startsWith("three\n[exit 0");
      assertThat(connects).hasValue(2);
    }
  }
}
