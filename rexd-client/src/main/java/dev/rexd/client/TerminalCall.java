package dev.rexd.client;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.pty.PtyOpenParams;
import dev.rexd.api.pty.PtyOpenResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A terminal to open in a session: configure it, then {@link #open()} it.
 *
 * <pre>{@code
 * try (RemoteTerminal t = s.pty("bash").size(120, 32).onOutput(c -> screen.feed(c.bytes())).open()) {
 *   t.write("ls\r");
 * }
 * }</pre>
 */
public final class TerminalCall {
  private final RexdSession session;
  private final @Nullable List<String> argv;
  private final @Nullable String command;
  private final Map<String, String> env = new LinkedHashMap<>();
  private @Nullable String cwd;
  private @Nullable Integer cols;
  private @Nullable Integer rows;
  private @Nullable Consumer<Chunk> onOutput;
  private @Nullable Consumer<ExitStatus> onExit;

  TerminalCall(RexdSession session, @Nullable List<String> argv, @Nullable String command) {
    this.session = session;
    this.argv = argv;
    this.command = command;
  }

  /** The working directory (default: the client's default cwd, else the session's). */
  public TerminalCall cwd(String dir) {
    this.cwd = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** One environment variable, merged over the server's environment. */
  public TerminalCall env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The terminal size (default 120x32). */
  public TerminalCall size(int cols, int rows) {
    if (cols <= 0 || rows <= 0) {
      throw new IllegalArgumentException("cols and rows must be positive");
    }
    this.cols = cols;
    this.rows = rows;
    return this;
  }

  /** Receives the raw terminal output, chunk by chunk, in order. */
  public TerminalCall onOutput(Consumer<Chunk> callback) {
    this.onOutput = callback;
    return this;
  }

  /** Receives the exit status after the last output callback. */
  public TerminalCall onExit(Consumer<ExitStatus> callback) {
    this.onExit = callback;
    return this;
  }

  /**
   * Opens the terminal; returns once the server started it.
   *
   * @throws RexdClientException at once, without asking the server, when the client's transport
   *     carries no events (HTTP POST): a terminal needs a streaming transport (stdio or WebSocket)
   */
  public RemoteTerminal open() {
    RexdClient client = session.client();
    if (!client.connection().carriesEvents()) {
      throw new RexdClientException("a terminal needs a streaming transport (stdio or WebSocket): the transport of "
          + client + " carries no events (HTTP POST)");
    }
    OutputPublisher publisher = new OutputPublisher(client.connection()::execute, client.outputBufferBytes());
    if (onOutput != null) {
      publisher.subscribe(new CallbackSubscriber(null, null, onOutput));
    }
    StreamSink sink = new StreamSink(client.connection(), publisher, false);
    session.track(sink);
    Consumer<ExitStatus> exitCallback = onExit;
    if (exitCallback != null) {
      sink.exit().thenAccept(CallbackSubscriber.logged(exitCallback, "exit"));
    }
    PtyOpenParams params = new PtyOpenParams(session.id(), argv, command == null ? null : Boolean.TRUE, command,
        session.directory(cwd), env.isEmpty() ? null : Map.copyOf(env), cols, rows);
    JsonNode node = Await.get(client.send(RexdMethods.PTY_OPEN.name(), params, client.callTimeout(), result -> {
      JsonNode id = result.get("pty_id");
      if (id != null && id.isString()) {
        sink.routeTerminal(id.asString());
      }
    }).whenComplete((result, e) -> {
      if (e != null) {
        sink.abort(Await.unwrap(e));
      }
    }));
    PtyOpenResult opened = RexdClient.decode(RexdMethods.PTY_OPEN.name(), node, PtyOpenResult.class);
    return new RemoteTerminal(session, opened, sink);
  }
}
