package dev.rexd.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.api.json.RexdJson;
import dev.rexd.core.Limits;
import dev.rexd.core.RexdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** targets.json: parsing, ssh command lines, transport lookup, and clear errors for bad files. */
class RexdTargetsTest {
  @TempDir
  Path dir;

  private static final String FULL = """
      {"version": 1, "targets": {
        "prod": {"transport": "ssh", "host": "app-1", "user": "deploy", "port": 2222,
                 "identityFile": "~/.ssh/prod", "command": "/opt/rexd/bin/rexd --stdio",
                 "sshOptions": ["-o", "BatchMode=yes"], "workspaceRoots": ["/srv/app"],
                 "defaultCwd": "/srv/app", "loginShell": true},
        "plain": {"transport": "ssh", "host": "box"},
        "api": {"transport": "http", "url": "https://rexd.example.com/rpc", "token": "s3cret",
                "headers": {"X-Team": "agents"}},
        "live": {"transport": "ws", "url": "wss://rexd.example.com/ws"}
      }}
      """;

  @Test
  void readsEveryFieldInFileOrder() throws Exception {
    Path file = dir.resolve("targets.json");
    Files.writeString(file, FULL);
    RexdTargets targets = RexdTargets.load(file);
    assertThat(targets.aliases()).containsExactly("prod", "plain", "api", "live");
    assertThat(targets.source()).isEqualTo(file);
    RexdTarget prod = targets.get("prod");
    assertThat(prod.transport()).isEqualTo(RexdTarget.Via.SSH);
    assertThat(prod.port()).isEqualTo(2222);
    assertThat(prod.workspaceRoots()).containsExactly("/srv/app");
    assertThat(prod.defaultCwd()).isEqualTo("/srv/app");
    assertThat(prod.loginShell()).isTrue();
    RexdTarget api = targets.get("api");
    assertThat(api.transport()).isEqualTo(RexdTarget.Via.HTTP);
    assertThat(api.url()).hasToString("https://rexd.example.com/rpc");
    assertThat(api.headers()).containsEntry("X-Team", "agents");
    assertThat(api.toString()).doesNotContain("s3cret");
    assertThat(targets.get("live").transport().wireName()).isEqualTo("ws");
  }

  @Test
  void buildsTheSshCommandLine() {
    RexdTargets targets = RexdTargets.parse(FULL);
    assertThat(targets.get("prod").sshCommand()).containsExactly("ssh", "-p", "2222", "-i", "~/.ssh/prod",
        "-o", "BatchMode=yes", "deploy@app-1", "/opt/rexd/bin/rexd --stdio");
    assertThat(targets.get("plain").sshCommand()).containsExactly("ssh", "box", "rexd --stdio");
    assertThatThrownBy(() -> targets.get("api").sshCommand()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStdioTargetRunsItsCommandLineOrItsQuotedArgvThroughSh() {
    RexdTargets targets = RexdTargets.parse("""
        {"version": 1, "targets": {
          "line": {"transport": "stdio", "command": "cd /srv && exec rexd --stdio 2>/dev/null"},
          "argv": {"transport": "stdio", "command": ["/opt/my rexd/rexd", "--stdio", "--config", "it's.toml", ""]}
        }}
        """);
    assertThat(targets.get("line").spawnCommand())
        .containsExactly("/bin/sh", "-c", "cd /srv && exec rexd --stdio 2>/dev/null");
    assertThat(targets.get("argv").command()).isEqualTo("'/opt/my rexd/rexd' --stdio --config 'it'\\''s.toml' ''");
    assertThat(targets.get("argv").transport().wireName()).isEqualTo("stdio");
    assertThatThrownBy(() -> targets.get("argv").sshCommand()).isInstanceOf(IllegalStateException.class);
    RexdTarget prod = RexdTargets.parse(FULL).get("prod");
    assertThat(prod.spawnCommand()).isEqualTo(prod.sshCommand());
  }

  @Test
  void aStdioTargetConnectsToTheServerItsCommandStarts() throws Exception {
    Path work = Files.createDirectories(dir.resolve("a dir"));
    String argv = RexdJson.mapper().writeValueAsString(StdioTestServer.command(work, Limits.defaults(), true));
    String cwd = RexdJson.mapper().writeValueAsString(work.toRealPath().toString());
    String json = """
        {"version": 1, "targets": {"child": {"transport": "stdio", "command": %s, "defaultCwd": %s}}}
        """.formatted(argv, cwd);
    try (RexdClient c = RexdTargets.parse(json).connect("child"); RexdSession s = c.openSession("agent")) {
      s.fs().writeString("it's here.txt", "hi");
      assertThat(s.exec("cat", "it's here.txt").run().stdout()).isEqualTo("hi");
    }
    assertThat(Files.readString(work.resolve("it's here.txt"))).isEqualTo("hi");
  }

  @Test
  void anUnknownAliasNamesTheKnownOnes() {
    assertThatThrownBy(() -> RexdTargets.parse(FULL).get("staging"))
        .isInstanceOf(RexdTargetsException.class)
        .hasMessageContaining("no target named 'staging'")
        .hasMessageContaining("prod, plain, api, live");
  }

  @Test
  void aMissingFileSaysWhereAndHowToCreateIt() {
    Path file = dir.resolve("nope/targets.json");
    assertThatThrownBy(() -> RexdTargets.load(file))
        .isInstanceOfSatisfying(RexdTargetsException.class, e -> assertThat(e.file()).isEqualTo(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("no such file")
        .hasMessageContaining("\"version\": 1");
  }

  @Test
  void theDefaultPathFollowsXdgConfigHomeThenHome() {
    assertThat(RexdTargets.defaultPath(Map.of("XDG_CONFIG_HOME", "/etc/xdg-me", "HOME", "/home/a")))
        .isEqualTo(Path.of("/etc/xdg-me/rexd/targets.json"));
    assertThat(RexdTargets.defaultPath(Map.of("XDG_CONFIG_HOME", "relative/dir", "HOME", "/home/a")))
        .isEqualTo(Path.of("/home/a/.config/rexd/targets.json"));
    assertThat(RexdTargets.defaultPath(Map.of("XDG_CONFIG_HOME", "", "HOME", "/home/a")))
        .isEqualTo(Path.of("/home/a/.config/rexd/targets.json"));
    assertThat(RexdTargets.defaultPath(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "rexd", "targets.json"));
  }

  @Test
  void anUnknownKeyIsAnErrorNamingTheFileLineAndKey() throws Exception {
    Path file = dir.resolve("targets.json");
    Files.writeString(file, """
        {"version": 1,
         "targets": {
           "ci": {"transport": "ws", "url": "wss://ci.example.com/ws",
                  "tokn": "s3cret"}}}
        """);
    assertThatThrownBy(() -> RexdTargets.load(file))
        .isInstanceOf(RexdTargetsException.class)
        .hasMessageStartingWith(file + ": line 4: unknown key \"targets.ci.tokn\"")
        .hasMessageContaining("token")
        .hasMessageNotContaining("s3cret");
    Files.writeString(file, "{\"version\": 1, \"targets\": {},\n \"target\": {}}");
    assertThatThrownBy(() -> RexdTargets.load(file))
        .hasMessageStartingWith(file + ": line 2: unknown key \"target\"");
    assertThat(RexdTargets.parse("{\"$schema\": \"x\", \"version\": 1, \"targets\": {}}").aliases()).isEmpty();
  }

  @Test
  void invalidJsonGivesTheFileLineAndColumn() throws Exception {
    Path file = dir.resolve("targets.json");
    Files.writeString(file, "{\"version\": 1,\n \"targets\": {,}}");
    assertThatThrownBy(() -> RexdTargets.load(file))
        .isInstanceOf(RexdTargetsException.class)
        .hasMessageStartingWith(file + ": is not valid JSON at line 2, column");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not an object | [] | must hold a JSON object
      no version | {"targets": {}} | missing "version"
      version 2 | {"version": 2, "targets": {}} | unsupported version 2
      version as text | {"version": "1", "targets": {}} | unsupported version "1"
      no targets | {"version": 1} | "targets" must be an object
      target not object | {"version": 1, "targets": {"a": 5}} | targets.a must be an object
      no transport | {"version": 1, "targets": {"a": {"host": "h"}}} | targets.a.transport is missing
      unknown transport | {"version": 1, "targets": {"a": {"transport": "sftp"}}} | targets.a.transport must be "ssh", "http", "ws", "hub" or "stdio", got "sftp"
      ssh without host | {"version": 1, "targets": {"a": {"transport": "ssh"}}} | targets.a.host is required for ssh targets
      hub without host | {"version": 1, "targets": {"a": {"transport": "hub", "url": "wss://h/ws"}}} | targets.a.host is required for hub targets
      http without url | {"version": 1, "targets": {"a": {"transport": "http"}}} | targets.a.url is required for http targets
      ws with an http url | {"version": 1, "targets": {"a": {"transport": "ws", "url": "http://h/ws"}}} | targets.a.url must be a URL with a host and scheme ws or wss
      url without a host | {"version": 1, "targets": {"a": {"transport": "http", "url": "http:/rpc"}}} | targets.a.url must be a URL with a host and scheme http or https
      bad url | {"version": 1, "targets": {"a": {"transport": "http", "url": "http://a b"}}} | targets.a.url is not a valid URL
      port too big | {"version": 1, "targets": {"a": {"transport": "ssh", "host": "h", "port": 70000}}} | targets.a.port must be an integer from 1 to 65535, got 70000
      port as text | {"version": 1, "targets": {"a": {"transport": "ssh", "host": "h", "port": "22"}}} | targets.a.port must be an integer
      host not a string | {"version": 1, "targets": {"a": {"transport": "ssh", "host": 7}}} | targets.a.host must be a string, got 7
      options not an array | {"version": 1, "targets": {"a": {"transport": "ssh", "host": "h", "sshOptions": "-v"}}} | targets.a.sshOptions must be an array of strings
      options holding a number | {"version": 1, "targets": {"a": {"transport": "ssh", "host": "h", "sshOptions": ["-v", 1]}}} | targets.a.sshOptions must be an array of strings, but holds 1
      header not a string | {"version": 1, "targets": {"a": {"transport": "ws", "url": "ws://h/ws", "headers": {"X": 1}}}} | targets.a.headers.X must be a string
      headers not an object | {"version": 1, "targets": {"a": {"transport": "ws", "url": "ws://h/ws", "headers": []}}} | targets.a.headers must be an object
      loginShell not a boolean | {"version": 1, "targets": {"a": {"transport": "ssh", "host": "h", "loginShell": "yes"}}} | targets.a.loginShell must be true or false
      empty command | {"version": 1, "targets": {"a": {"transport": "ssh", "host": "h", "command": " "}}} | targets.a.command must not be empty
      stdio without command | {"version": 1, "targets": {"a": {"transport": "stdio"}}} | targets.a.command is required for stdio targets
      stdio command a number | {"version": 1, "targets": {"a": {"transport": "stdio", "command": 7}}} | targets.a.command must be a command line or an array of strings, got 7
      stdio command empty | {"version": 1, "targets": {"a": {"transport": "stdio", "command": []}}} | targets.a.command must not be empty
      stdio argv not strings | {"version": 1, "targets": {"a": {"transport": "stdio", "command": ["rexd", 1]}}} | targets.a.command must be an array of strings, but holds 1
      """)
  void aBadFileNamesTheFieldAndWhatWasExpected(String name, String json, String message) {
    assertThatThrownBy(() -> RexdTargets.parse(json))
        .as(name)
        .isInstanceOf(RexdTargetsException.class)
        .hasMessageStartingWith("targets: ")
        .hasMessageContaining(message);
  }

  @Test
  void aUrlTargetWithoutATransportModuleSaysWhichDependencyIsMissing() {
    assertThatThrownBy(() -> RexdTargets.parse(FULL).connect("api"))
        .isInstanceOf(RexdTransportException.class)
        .hasMessageContaining("target api uses http (https://rexd.example.com/rpc)")
        .hasMessageContaining("dev.rexd:rexd-transport-http");
  }

  @Test
  void aUrlTargetConnectsThroughAFactoryFoundByServiceLoader() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    String json = """
        {"version": 1, "targets": {"local": {"transport": "ws", "url": "ws://127.0.0.1:9/ws", "token": "t0k",
         "headers": {"X-A": "b"}, "workspaceRoots": ["%s"], "defaultCwd": "%s"}}}
        """.formatted(work.toRealPath(), work.toRealPath());
    try (RexdServer server = RexdServer.builder().allowedRoot(dir).build()) {
      LoopbackTransportFactory.server = server::connect;
      try (RexdClient c = RexdTargets.parse(json).connect("local"); RexdSession s = c.openSession("agent")) {
        assertThat(LoopbackTransportFactory.lastOpened).isEqualTo("ws://127.0.0.1:9/ws t0k {X-A=b}");
        assertThat(s.workspaceRoots()).containsExactly(work.toRealPath().toString());
        assertThat(c.defaultCwd()).isEqualTo(work.toRealPath().toString());
        s.fs().writeString("hello.txt", "hi");
        assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("hi");
      } finally {
        LoopbackTransportFactory.server = null;
      }
    }
  }
}
