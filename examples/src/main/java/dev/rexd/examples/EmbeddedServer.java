package dev.rexd.examples;

import dev.rexd.client.RexdClient;
import dev.rexd.client.RexdSession;
import dev.rexd.core.RexdServer;
import dev.rexd.transport.http.server.RexdHttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A JVM application that hosts rexd: its own code calls the server in-process (no socket, no
 * child process), and remote agents reach the same server over WebSocket and HTTP on
 * {@code 127.0.0.1}, with a bearer token.
 *
 * <pre>{@code
 * examples/run EmbeddedServer                # serves a temporary directory on port 8080
 * examples/run EmbeddedServer ~/project 9000 # serves ~/project on port 9000
 * }</pre>
 *
 * <p>The token is {@code $REXD_AUTH_TOKEN}, or a random one printed at start. Stop with Ctrl-C.
 */
public final class EmbeddedServer implements AutoCloseable {
  private final RexdServer server;
  private final RexdHttpServer http;

  private EmbeddedServer(RexdServer server, RexdHttpServer http) {
    this.server = server;
    this.http = http;
  }

  /** Serves {@code root} in this JVM and on {@code 127.0.0.1:port} (0: any free port) for {@code token}. */
  public static EmbeddedServer start(Path root, int port, String token) throws IOException {
    RexdServer server = RexdServer.builder().allowedRoot(root).build();
    try {
      RexdHttpServer http = RexdHttpServer.builder(server).listen("127.0.0.1", port).token(token).start();
      return new EmbeddedServer(server, http);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** A client for code in this JVM, wired straight into the server. */
  public RexdClient inProcessClient() {
    return RexdClient.inProcess(server::connect);
  }

  /** What the application's own agent does, in-process: writes a file and runs a command. */
  public String runLocalAgent() {
    try (RexdClient rexd = inProcessClient();
         RexdSession session = rexd.openSession("embedded-app")) {
      session.fs().writeString("hello.txt", "written in-process by the host application\n");
      return session.exec("cat", "hello.txt").run().stdout();
    }
  }

  /** Where WebSocket clients connect, e.g. {@code ws://127.0.0.1:8080/ws}. */
  public URI wsUri() {
    return http.wsUri();
  }

  /** Where HTTP clients POST calls, e.g. {@code http://127.0.0.1:8080/rpc}. */
  public URI rpcUri() {
    return http.rpcUri();
  }

  /** Blocks until the HTTP server stopped (after {@link #close()}, e.g. from a shutdown hook on Ctrl-C). */
  public void join() throws InterruptedException {
    http.join();
  }

  /** Stops serving HTTP, then the server (ending its sessions and processes). Idempotent. */
  @Override
  public void close() {
    try {
      http.close();
    } finally {
      server.close();
    }
  }

  /** {@code [ROOT [PORT]]}: serves ROOT (default: a new temporary directory) on PORT (default 8080). */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("rexd-embedded-");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
    String token = System.getenv("REXD_AUTH_TOKEN");
    if (token == null || token.isEmpty()) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      System.err.println("token: " + token + "   (set REXD_AUTH_TOKEN to choose one)");
    }

    EmbeddedServer app = start(root, port, token);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "embedded-server-stop"));
    System.err.println("in-process call: " + app.runLocalAgent().strip());
    System.err.println("serving " + root.toRealPath() + " on " + app.wsUri() + " and " + app.rpcUri());
    System.err.println("a targets.json entry for remote agents and `rexd exec --target embedded -- ls`:");
    System.err.println("  \"embedded\": {\"transport\": \"ws\", \"url\": \"" + app.wsUri() + "\", \"token\": \"...\"}");
    app.join();
  }
}
