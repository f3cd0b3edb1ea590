package dev.rexd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdTargets;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every tool for real: an in-process server on a temporary directory, real files, real commands. */
class AgentToolsTest {
  @TempDir Path dir;
  private Path root;
  private RexdServer server;
  private RexdClient client;
  private AgentTools tools;

  @BeforeEach
  void start() throws Exception {
    root = dir.toRealPath();
    server = RexdServer.builder().allowedRoot(root).build();
    client = RexdClient.inProcess(server::connect);
    tools = new AgentTools(client);
  }

  @AfterEach
  void stop() {
    tools.close();
    client.close();
    server.close();
  }

  @Test
  void writeCreatesTheFileAndItsParentsThenReplacesIt() throws Exception {
    assertThat(tools.write("src/a.txt", "one\n")).isEqualTo("created " + root.resolve("src/a.txt") + " (4 bytes)");
    assertThat(tools.write("src/a.txt", "two\n")).startsWith("replaced ");
    assertThat(Files.readString(root.resolve("src/a.txt"))).isEqualTo("two\n");
  }

  @Test
  void readReturnsTheFileOrAnErrorTheModelCanRead() throws Exception {
    Files.writeString(root.resolve("notes.md"), "# Notes\nline 2\n");
    assertThat(tools.read("notes.md")).isEqualTo("# Notes\nline 2\n");
    assertThat(tools.read("missing.md")).startsWith("error: ").contains("not_found");
    assertThat(tools.read("/etc/passwd")).startsWith("error: ").contains("outside_roots");
  }

  @Test
  void editReplacesExactlyOneOccurrence() throws Exception {
    Files.writeString(root.resolve("app.conf"), "port = 80\nname = app\n");
    assertThat(tools.edit("app.conf", "port = 80", "port = 8080")).isEqualTo("edited " + root.resolve("app.conf"));
    assertThat(Files.readString(root.resolve("app.conf"))).isEqualTo("port = 8080\nname = app\n");
    assertThat(tools.edit("app.conf", "port = 80\n", "x")).startsWith("error: ").contains("no_match");
    Files.writeString(root.resolve("twice.txt"), "a a");
    assertThat(tools.edit("twice.txt", "a", "b")).startsWith("error: ").contains("ambiguous_match");
    assertThat(Files.readString(root.resolve("twice.txt"))).isEqualTo("a a");
  }

  @Test
  void applyPatchChangesSeveralFilesAtOnce() throws Exception {
    Files.writeString(root.resolve("keep.txt"), "alpha\nbeta\n");
    Files.writeString(root.resolve("old.txt"), "bye\n");
    String patch = String.join("\n",
        "*** Begin Patch",
        "*** Add File: new.txt",
        "+fresh",
        "*** Update File: keep.txt",
        "@@",
        " alpha",
        "-beta",
        "+gamma",
        "*** Delete File: old.txt",
        "*** End Patch");
    assertThat(tools.applyPatch(patch)).isEqualTo("patch applied:\nA " + root.resolve("new.txt") + "\nM "
        + root.resolve("keep.txt") + "\nD " + root.resolve("old.txt"));
    assertThat(Files.readString(root.resolve("new.txt"))).isEqualTo("fresh\n");
    assertThat(Files.readString(root.resolve("keep.txt"))).isEqualTo("alpha\ngamma\n");
    assertThat(root.resolve("old.txt")).doesNotExist();
    assertThat(tools.applyPatch("*** Begin Patch\n*** Delete File: nope.txt\n*** End Patch"))
        .startsWith("error: ");
  }

  @Test
  void globListsMatchesOnePerLine() throws Exception {
    Files.createDirectories(root.resolve("src/deep"));
    Files.writeString(root.resolve("src/A.java"), "");
    Files.writeString(root.resolve("src/deep/B.java"), "");
    Files.writeString(root.resolve("src/readme.md"), "");
    assertThat(tools.glob("src/**/*.java").lines())
        .containsExactly(root.resolve("src/A.java").toString(), root.resolve("src/deep/B.java").toString());
    assertThat(tools.glob("*.rs")).isEqualTo("no files match *.rs");
  }

  @Test
  void bashRunsInTheWorkspaceAndSaysHowAFailureEnded() {
    assertThat(tools.bash("pwd")).isEqualTo(root + "\n");
    assertThat(tools.bash("echo out; echo err >&2")).isEqualTo("out\nerr\n");
    assertThat(tools.bash("true")).isEqualTo("(no output)");
    assertThat(tools.bash("echo nope; exit 3")).isEqualTo("nope\n[exit 3]");
  }

  @Test
  void bashSaysWhenTheServersLimitsEndedACommand() {
    Limits tight = Limits.defaults().withDefaultTimeoutMs(300).withMaxOutputBytes(1000);
    try (RexdServer strict = RexdServer.builder().allowedRoot(root).limits(tight).build();
         RexdClient c = RexdClient.inProcess(strict::connect);
         AgentTools limited = new AgentTools(c)) {
      assertThat(limited.bash("echo started; sleep 10")).isEqualTo("started\n[timed out]");
      assertThat(limited.bash("yes")).matches("(y\n){500}\\[killed by SIG(TERM|KILL), output truncated]");
    }
  }

  @Test
  void toolsAreCalledByTheNamesTheModelUses() throws Exception {
    assertThat(tools.call("write", List.of("t.txt", "x"))).startsWith("created ");
    assertThat(tools.call("read", List.of("t.txt"))).isEqualTo("x");
    assertThat(tools.call("edit", List.of("t.txt", "x", "y"))).startsWith("edited ");
    assertThat(tools.call("glob", List.of("*.txt"))).isEqualTo(root.resolve("t.txt").toString());
    assertThat(tools.call("bash", List.of("cat t.txt"))).isEqualTo("y");
    assertThat(tools.call("apply_patch", List.of("*** Begin Patch\n*** Delete File: t.txt\n*** End Patch")))
        .startsWith("patch applied:\nD ");
    assertThat(tools.call("rm", List.of("-rf"))).startsWith("error: no tool named rm");
  }

  @Test
  void aTargetFromTargetsJsonRoutesTheToolsToAnotherServer() throws Exception {
    Path remote = Files.createDirectories(dir.resolve("remote")).toRealPath();
    try (EmbeddedServer other = EmbeddedServer.start(remote, 0, "t0ken")) {
      RexdTargets targets = RexdTargets.parse("""
          {"version": 1, "targets": {"other": {"transport": "ws", "url": "%s", "token": "t0ken"}}}
          """.formatted(other.wsUri()));
      try (AgentTools there = AgentTools.forTarget(targets, "other")) {
        assertThat(there.write("where.txt", "remote")).startsWith("created " + remote);
        assertThat(there.bash("cat where.txt")).isEqualTo("remote");
      }
    }
    assertThat(Files.readString(remote.resolve("where.txt"))).isEqualTo("remote");
  }

  @Test
  void theDemoShowsEveryToolAndCleansUp() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      AgentTools.main(new String[0]);
    } finally {
      System.setOut(stdout);
    }
    String transcript = captured.toString(StandardCharsets.UTF_8);
    assertThat(transcript).contains("> write(\"src/greeting.txt\", \"Hello, world!\\n\")", "> edit(",
        "> apply_patch(", "> glob(", "> read(", "> bash(", "Hello, agent!", "[exit 3]", "error: ");
  }
}
