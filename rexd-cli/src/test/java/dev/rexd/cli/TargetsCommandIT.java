package dev.rexd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rexd targets}, and the errors every client subcommand gives for bad targets. */
class TargetsCommandIT {
  @TempDir Path tmp;
  private ClientCli cli;

  @BeforeEach
  void setUp() throws Exception {
    cli = new ClientCli(tmp);
  }

  @Test
  void listsEveryTargetWithoutItsSecrets() throws Exception {
    Path file = Files.writeString(tmp.resolve("many.json"), """
        {"version": 1, "targets": {
          "prod": {"transport": "ssh", "host": "app-1", "user": "deploy", "port": 2222},
          "api": {"transport": "http", "url": "https://me:pa55@rexd.example.com:8443/rpc?key=k3y", "token": "s3cret",
                  "headers": {"Authorization": "Bearer h3ader"}},
          "live": {"transport": "ws", "url": "ws://127.0.0.1:8080/ws"},
          "here": {"transport": "stdio", "command": "rexd --stdio"}
        }}
        """);
    ClientCli.Result r = cli.run("", "targets", "--targets", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().lines()).containsExactly(
        "NAME  TRANSPORT  ADDRESS",
        "prod  ssh        deploy@app-1:2222",
        "api   http       https://rexd.example.com:8443/rpc (token)",
        "live  ws         ws://127.0.0.1:8080/ws",
        "here  stdio      rexd --stdio");
    assertThat(r.out() + r.err()).doesNotContain("s3cret", "pa55", "k3y", "h3ader");
  }

  @Test
  void theTargetsFileComesFromTheEnvironmentUnlessGiven() throws Exception {
    ClientCli.Result r = cli.run("", "targets");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("local  stdio").contains(RexdProcess.script().toString());
  }

  @Test
  void aBrokenTargetsFileIsAConfigErrorNamingTheFileAndPlace() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.json"), "{\"version\": 1,\n \"targets\": {,}}");
    for (String[] args : new String[][] {
        {"targets", "--targets", bad.toString()},
        {"exec", "--targets", bad.toString(), "--target", "local", "--", "true"},
        {"read", "--targets", bad.toString(), "--target", "local", "x"}}) {
      ClientCli.Result r = cli.run("", args);
      assertThat(r.code()).as(args[0]).isEqualTo(2);
      assertThat(r.err()).startsWith("rexd: " + bad + ": is not valid JSON at line 2").doesNotContain("\tat ");
    }
    Path wrong = Files.writeString(tmp.resolve("wrong.json"),
        "{\"version\": 1, \"targets\": {\"a\": {\"transport\": \"ftp\"}}}");
    ClientCli.Result r = cli.run("", "targets", "--targets", wrong.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("targets.a.transport must be");
  }

  @Test
  void aMissingFileOrAnUnknownTargetIsAConfigError() throws Exception {
    ClientCli.Result missing = cli.run("", "targets", "--targets", tmp.resolve("nope.json").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.json: no such file");
    ClientCli.Result unknown = cli.run("", "exec", "--target", "staging", "--", "true");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no target named 'staging'; known targets: local");
  }

  @Test
  void anUnreachableTargetIsAConnectionFailureWithExit1() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path file = Files.writeString(tmp.resolve("down.json"), """
        {"version": 1, "targets": {
          "gone": {"transport": "stdio", "command": "exit 3"},
          "closed": {"transport": "ws", "url": "ws://127.0.0.1:%d/ws"},
          "unposted": {"transport": "http", "url": "http://127.0.0.1:%d/rpc"}
        }}
        """.formatted(closedPort, closedPort));
    for (String target : new String[] {"gone", "closed", "unposted"}) {
      ClientCli.Result r = cli.run("", "exec", "--targets", file.toString(), "--target", target, "--", "true");
      assertThat(r.code()).as(target).isEqualTo(1);
      assertThat(r.err()).as(target).contains("rexd: cannot reach target '" + target + "'").doesNotContain("\tat ");
    }
  }
}
