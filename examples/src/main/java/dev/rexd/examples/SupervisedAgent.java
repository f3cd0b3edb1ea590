package dev.rexd.examples;

import dev.rexd.api.ErrorCode;
import dev.rexd.client.ExecResult;
import dev.rexd.client.ExitStatus;
import dev.rexd.client.RemoteTerminal;
import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdRemoteException;
import dev.rexd.client.RexdSession;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * An agent under supervision: it connects to a {@code rexd --http} that serves the operator
 * console, works in the open (commands whose output streams into the console, a terminal an
 * operator can type into), and then asks to delete its build directory, which the server's
 * approval rules hold until a person decides in the console (or with {@code rexd approvals}).
 *
 * <pre>{@code
 * bin/rexd --http 127.0.0.1:8080 --config examples/console.toml   # prints the console's URL
 * examples/run SupervisedAgent                                      # ws://127.0.0.1:8080/ws
 * examples/run SupervisedAgent ws://host:8080/ws                    # REXD_AGENT_TOKEN=... for another server
 * }</pre>
 */
public final class SupervisedAgent {
  /** The agent token of {@code examples/console.toml}; a real agent gets its own. */
  static final String DEMO_AGENT_TOKEN = "demo-agent-token";

  private SupervisedAgent() {}

  public static void main(String[] args) throws Exception {
    URI ws = URI.create(args.length > 0 ? args[0] : "ws://127.0.0.1:8080/ws");
    String token = System.getenv().getOrDefault("REXD_AGENT_TOKEN", DEMO_AGENT_TOKEN);
    say("connecting to %s (open the console to watch)", ws);
    int status = run(ws, token, Duration.ofMillis(700));
    System.exit(status);
  }

  /** Does the work; {@code pace} is the pause between steps, so a person can follow. */
  static int run(URI ws, String token, Duration pace) throws IOException, InterruptedException {
    try (RexdClient rexd = RexdClient.builder()
            .transport(WebSocketTransport.builder(ws).token(token).connect())
            .clientName("supervised-agent")
            .callTimeout(Duration.ofMinutes(10))   // a held call waits for a person
            .build();
         RexdSession session = rexd.openSession()) {
      say("session %s on rexd %s, root %s", session.id(), session.serverVersion(), session.workspaceRoots().get(0));

      run(session, "uname -a");
      Thread.sleep(pace.toMillis());
      run(session, "mkdir -p build && for i in 1 2 3 4 5; do echo compiling module $i; sleep 0.4; done"
          + " > build/log.txt; cat build/log.txt; echo 'warning: 2 deprecations' >&2");
      Thread.sleep(pace.toMillis());

      say("$ opening a terminal running sh (an operator may type into it from the console)");
      try (RemoteTerminal term = session.ptyShell("sh").size(100, 20)
          .onOutput(chunk -> System.out.print(chunk.text())).open()) {
        term.write("echo 'hello from the terminal of the agent'; ls build\n");
        Thread.sleep(pace.toMillis() * 4);
        term.write("exit\n");
        term.waitFor();
      }
      System.out.println();

      say("$ rm -rf build   (the server's rules hold this until a person approves it in the console)");
      try {
        ExecResult rm = session.exec("rm", "-rf", "build").run();
        say("approved: rm exited %d", rm.exitCode());
      } catch (RexdRemoteException e) {
        if (e.code() != ErrorCode.NOT_APPROVED) {
          throw e;
        }
        say("not approved (%s): %s; leaving build/ alone", e.reason(), e.getMessage());
      }
      run(session, "ls");
      say("done");
      return 0;
    }
  }

  private static void run(RexdSession session, String command) {
    say("$ %s", command);
    ExitStatus s = session.shell(command)
        .onStdout(chunk -> System.out.print(chunk.text()))
        .onStderr(chunk -> System.out.print(chunk.text()))
        .start().waitFor();
    say("[exit %d after %d ms]", s.exitCode(), s.durationMs());
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(format, args));
    System.out.flush();
  }
}
