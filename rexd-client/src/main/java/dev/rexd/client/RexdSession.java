package dev.rexd.client;

import dev.rexd.api.RexdMethod;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.session.SessionCloseParams;
import dev.rexd.api.session.SessionInfo;
import dev.rexd.api.session.SessionInfoParams;
import dev.rexd.api.session.SessionOpenResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One agent session on a server: its roots, limits and capabilities, and every call that works in
 * it — processes, files, terminals. Close it (try-with-resources) to end its processes.
 *
 * <pre>{@code
 * try (RexdSession s = rexd.openSession("my-agent", "/srv/app")) {
 *   ExecResult r = s.exec("make", "test").run();
 *   s.fs().edit("README.md").replace("Hello", "REXD").apply();
 *   JsonNode hits = s.call("fs.grep", Map.of("pattern", "TODO"));   // an extension
 * }
 * }</pre>
 */
public final class RexdSession implements AutoCloseable {
  private final RexdClient client;
  private final SessionOpenResult opened;
  private final RexdFs fs;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<StreamSink> streams = ConcurrentHashMap.newKeySet();

  RexdSession(RexdClient client, SessionOpenResult opened) {
    this.client = client;
    this.opened = opened;
    this.fs = new RexdFs(this);
  }

  /** The server's id of this session. */
  public String id() {
    return opened.sessionId();
  }

  /** The whole {@code session.open} result. */
  public SessionOpenResult openResult() {
    return opened;
  }

  /** The server's version. */
  public String serverVersion() {
    return opened.serverVersion();
  }

  /** What the server offers: {@code exec}, {@code fs}, {@code events}, {@code pty}, extensions. */
  public List<String> capabilities() {
    return opened.capabilities();
  }

  /** Whether the server offers this capability (see {@link dev.rexd.api.Capabilities}). */
  public boolean hasCapability(String name) {
    return opened.capabilities().contains(name);
  }

  /** Every effective limit by its wire name, e.g. {@code max_output_bytes}. */
  public Map<String, Long> limits() {
    return opened.limits();
  }

  /** The session's workspace roots as the server resolved them. */
  public List<String> workspaceRoots() {
    return opened.workspaceRoots();
  }

  /** The session's state, its processes and its terminals. */
  public SessionInfo info() {
    return call(RexdMethods.SESSION_INFO, new SessionInfoParams(id()));
  }

  /** A command run without a shell ({@code argv[0]} is the program). */
  public ExecCall exec(String... argv) {
    return exec(List.of(argv));
  }

  /** A command run without a shell ({@code argv[0]} is the program). */
  public ExecCall exec(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must name a program");
    }
    return new ExecCall(this, List.copyOf(argv), null);
  }

  /** A command line run by {@code /bin/sh -c} (or {@code sh -lc} with a login shell). */
  public ExecCall shell(String command) {
    return new ExecCall(this, null, command);
  }

  /** File operations in this session. */
  public RexdFs fs() {
    return fs;
  }

  /** A terminal running this program. */
  public TerminalCall pty(String... argv) {
    if (argv.length == 0) {
      throw new IllegalArgumentException("argv must name a program");
    }
    return new TerminalCall(this, List.of(argv), null);
  }

  /** A terminal running this command line through {@code /bin/sh -c}. */
  public TerminalCall ptyShell(String command) {
    return new TerminalCall(this, null, command);
  }

  /** Calls a method by its typed descriptor (the params name this session themselves). */
  public <P, R> R call(RexdMethod<P, R> method, P params) {
    return client.call(method, params);
  }

  /**
   * Calls any method (e.g. an extension) with params given as a record, a map or a JSON object;
   * {@code session_id} is added when the params do not name a session.
   */
  public JsonNode call(String method, @Nullable Object params) {
    JsonNode tree = params == null ? RexdJson.mapper().createObjectNode() : RexdJson.mapper().valueToTree(params);
    if (tree instanceof ObjectNode && !tree.has("session_id")) {
      ((ObjectNode) tree).put("session_id", id());
    }
    return client.call(method, tree);
  }

  /**
   * Closes the session: the server ends its processes and terminals (detached processes live on).
   * No event of the session follows, so processes and terminals of this session still waited on
   * fail with {@link RexdCanceledException}. Idempotent; does nothing more when the connection is
   * already gone.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    client.connection().detach(id());
    if (!client.isOpen()) {
      return;
    }
    try {
      Await.get(client.send(RexdMethods.SESSION_CLOSE.name(), new SessionCloseParams(id()), client.callTimeout(),
          result -> endStreams()));
    } catch (RexdTransportException e) {
      // the connection ended: the server closes the session on its own
    } catch (RexdRemoteException e) {
      if (!e.isSessionNotFound()) {
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "RexdSession[" + id() + "]";
  }

  RexdClient client() {
    return client;
  }

  /** Follows a process's or terminal's stream until it ends, so closing the session can end it. */
  void track(StreamSink sink) {
    streams.add(sink);
    sink.exit().whenComplete((status, e) -> streams.remove(sink));
  }

  private void endStreams() {
    for (StreamSink sink : List.copyOf(streams)) {
      sink.abort(closedBeforeExit(null));
    }
  }

  /** How a process or terminal of this session ends when the session closed before it reported its exit. */
  RexdCanceledException closedBeforeExit(@Nullable Throwable cause) {
    return new RexdCanceledException("session " + id() + " was closed before the process reported its exit", cause);
  }

  /** A path as sent to the server: relative paths resolve against the client's default cwd, if set. */
  String path(String path) {
    String cwd = client.defaultCwd();
    if (cwd == null || path.startsWith("/")) {
      return path;
    }
    return cwd.endsWith("/") ? cwd + path : cwd + "/" + path;
  }

  /** A directory as sent to the server: the given one, else the client's default cwd, else the session's. */
  @Nullable String directory(@Nullable String dir) {
    return dir == null ? client.defaultCwd() : path(dir);
  }

  /** A limit the server reported, or {@code fallback}. */
  long limit(String name, long fallback) {
    Long v = opened.limits().get(name);
    return v == null ? fallback : v;
  }
}
