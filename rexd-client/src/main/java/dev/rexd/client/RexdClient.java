package dev.rexd.client;

import dev.rexd.api.RexdMethod;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.session.SessionOpenParams;
import dev.rexd.api.session.SessionOpenResult;
import dev.rexd.api.transport.Transport;
import dev.rexd.transport.stdio.ChildStderr;
import dev.rexd.transport.stdio.InMemoryTransport;
import dev.rexd.transport.stdio.StdioTransports;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A connection to one REXD server, immutable and safe to share between threads. Open
 * {@link RexdSession sessions} on it; derive clients with other defaults through
 * {@link #newBuilder()} (they share this connection).
 *
 * <pre>{@code
 * try (RexdClient rexd = RexdClient.spawn("ssh", "deploy@build-1", "rexd --stdio");
 *      RexdSession s = rexd.openSession("my-agent", "/srv/app")) {
 *   ExecResult r = s.exec("git", "status", "--short").timeout(Duration.ofSeconds(30)).run();
 *   String readme = s.fs().readString("README.md");
 * }
 * }</pre>
 *
 * <p>Every request has a deadline ({@link Builder#callTimeout}); when the connection ends every
 * pending call fails at once with {@link RexdTransportException}; {@link #close()} ends the
 * client's threads (daemons named {@code rexd-client-<n>-...}).
 */
public final class RexdClient implements AutoCloseable {
  /** The deadline of a call unless the builder sets another. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
  /** How many bytes of a process's output may wait for a slow consumer before the server is slowed. */
  public static final int DEFAULT_OUTPUT_BUFFER_BYTES = 1 << 20;

  /** The logger a spawned server's stderr lines go to unless {@link Builder#serverStderr} says otherwise. */
  public static final String SERVER_STDERR_LOGGER = "dev.rexd.client.server";

  private static final int IN_PROCESS_CAPACITY = 256;

  private final RpcConnection connection;
  private final Duration callTimeout;
  private final String clientName;
  private final @Nullable String clientVersion;
  private final List<String> workspaceRoots;
  private final @Nullable String defaultCwd;
  private final boolean loginShell;
  private final int outputBufferBytes;

  private RexdClient(RpcConnection connection, Builder b) {
    this.connection = connection;
    this.callTimeout = b.callTimeout;
    this.clientName = b.clientName;
    this.clientVersion = b.clientVersion;
    this.workspaceRoots = b.workspaceRoots;
    this.defaultCwd = b.defaultCwd;
    this.loginShell = b.loginShell;
    this.outputBufferBytes = b.outputBufferBytes;
  }

  /** A builder with the defaults; give it a transport. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client wired straight into an in-process server: {@code server} receives the server's end of
   * an in-memory transport pair.
   *
   * <pre>{@code
   * RexdClient rexd = RexdClient.inProcess(server::connect);
   * }</pre>
   */
  public static RexdClient inProcess(Consumer<? super Transport> server) {
    return builder().inProcess(server).build();
  }

  /**
   * A client talking to a stdio server started as a child process: {@code rexd --stdio}, or
   * {@code ssh host rexd --stdio}, {@code kubectl exec -i pod -- rexd --stdio}, any command line.
   */
  public static RexdClient spawn(String... command) {
    return builder().spawn(List.of(command)).build();
  }

  /** A builder with this client's settings that, unless given another transport, shares this connection. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** Opens a session with the client's name, on its default workspace roots. */
  public RexdSession openSession() {
    return openSession(clientName);
  }

  /** Opens a session under {@code clientName}, on the client's default workspace roots. */
  public RexdSession openSession(String clientName) {
    return openSession(new SessionOpenParams(clientName, clientVersion,
        workspaceRoots.isEmpty() ? null : workspaceRoots, null));
  }

  /** Opens a session under {@code clientName} on these roots (each inside a server's allowed root). */
  public RexdSession openSession(String clientName, String... workspaceRoots) {
    return openSession(new SessionOpenParams(clientName, clientVersion,
        workspaceRoots.length == 0 ? null : List.of(workspaceRoots), null));
  }

  /** Opens a session with exactly these params. */
  public RexdSession openSession(SessionOpenParams params) {
    SessionOpenResult opened = call(RexdMethods.SESSION_OPEN, params);
    connection.attach(opened.sessionId());
    Long max = opened.limits().get("max_message_bytes");
    if (max != null && max > 0) {
      connection.maxFrameBytes(max);
    }
    return new RexdSession(this, opened);
  }

  /** Calls a method by its typed descriptor and waits for the result (up to the call timeout). */
  public <P, R> R call(RexdMethod<P, R> method, P params) {
    return decode(method.name(), Await.get(send(method.name(), params, callTimeout, null)), method.resultType());
  }

  /** Calls a method by its typed descriptor; the future completes on a client thread. */
  public <P, R> CompletableFuture<R> callAsync(RexdMethod<P, R> method, P params) {
    return send(method.name(), params, callTimeout, null)
        .thenApplyAsync(node -> decode(method.name(), node, method.resultType()), connection::execute);
  }

  /**
   * Calls any method, e.g. an extension, with params given as a record, a map or a JSON tree, and
   * returns the raw result. Session methods need {@code session_id} in the params (or use
   * {@link RexdSession#call(String, Object)}, which adds it).
   */
  public JsonNode call(String method, @Nullable Object params) {
    return Await.get(send(method, params, callTimeout, null));
  }

  /** The deadline of each call. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** The client name sessions are opened under by default. */
  public String clientName() {
    return clientName;
  }

  /** The workspace roots sessions request by default (empty: all the server's roots). */
  public List<String> workspaceRoots() {
    return workspaceRoots;
  }

  /** The directory commands run in and relative paths resolve against, unless a call says otherwise. */
  public @Nullable String defaultCwd() {
    return defaultCwd;
  }

  /** Whether shell commands run as a login shell ({@code sh -lc}) by default. */
  public boolean loginShell() {
    return loginShell;
  }

  /** Whether the connection is still usable. */
  public boolean isOpen() {
    return connection.isOpen();
  }

  /**
   * Closes the connection (shared with clients derived through {@link #newBuilder()}): pending calls
   * fail, live processes' streams end with {@link RexdTransportException}, and the client's threads
   * end. A stdio or in-process server closes the connection's sessions when it sees the end.
   * Idempotent.
   */
  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return connection.name();
  }

  RpcConnection connection() {
    return connection;
  }

  int outputBufferBytes() {
    return outputBufferBytes;
  }

  CompletableFuture<JsonNode> send(String method, @Nullable Object params, Duration timeout,
      @Nullable Consumer<JsonNode> onResult) {
    JsonNode tree = params == null ? null : RexdJson.mapper().valueToTree(params);
    return connection.request(method, tree, timeout, onResult);
  }

  static <R> R decode(String method, JsonNode node, Class<R> type) {
    try {
      return RexdJson.mapper().treeToValue(node, type);
    } catch (JacksonException | dev.rexd.api.RexdException e) {
      throw new RexdClientException("malformed result of " + method + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds a {@link RexdClient}. A transport set with {@link #transport}, {@link #inProcess} or
   * {@link #spawn} is opened by {@link #build()}.
   *
   * <pre>{@code
   * RexdClient rexd = RexdClient.builder()
   *     .spawn(List.of("rexd", "--stdio"))
   *     .callTimeout(Duration.ofSeconds(20))
   *     .clientName("my-agent")
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable Supplier<Transport> transport;
    private boolean reconnectable;
    private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
    private RexdEventListener eventListener = new RexdEventListener() { };
    private @Nullable RpcConnection shared;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private String clientName = "rexd-java";
    private @Nullable String clientVersion;
    private List<String> workspaceRoots = List.of();
    private @Nullable String defaultCwd;
    private boolean loginShell;
    private int outputBufferBytes = DEFAULT_OUTPUT_BUFFER_BYTES;
    private ChildStderr serverStderr = ChildStderr.log(System.getLogger(SERVER_STDERR_LOGGER), System.Logger.Level.INFO);

    private Builder() {}

    private Builder(RexdClient c) {
      this.shared = c.connection;
      this.callTimeout = c.callTimeout;
      this.clientName = c.clientName;
      this.clientVersion = c.clientVersion;
      this.workspaceRoots = c.workspaceRoots;
      this.defaultCwd = c.defaultCwd;
      this.loginShell = c.loginShell;
      this.outputBufferBytes = c.outputBufferBytes;
    }

    /** Talks over this (not yet started) transport; it can back one client only. */
    public Builder transport(Transport transport) {
      Objects.requireNonNull(transport, "transport");
      return transportSource(() -> transport);
    }

    /**
     * Talks to an in-process server: {@code server} gets the server's end of an in-memory pair,
     * e.g. {@code server::connect}.
     */
    public Builder inProcess(Consumer<? super Transport> server) {
      Objects.requireNonNull(server, "server");
      return transportSource(() -> {
        InMemoryTransport[] pair = InMemoryTransport.pair(IN_PROCESS_CAPACITY);
        server.accept(pair[0]);
        return pair[1];
      });
    }

    /**
     * Talks to a stdio server started with this command line when the client is built; its stderr
     * goes where {@link #serverStderr} says (default: logged). When the server process dies, every
     * pending call fails with a {@link RexdTransportException} naming its exit status and last
     * stderr lines.
     */
    public Builder spawn(List<String> command) {
      List<String> argv = List.copyOf(command);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("empty command");
      }
      return transportSource(() -> {
        try {
          return StdioTransports.spawn(argv, serverStderr);
        } catch (UncheckedIOException e) {
          throw new RexdTransportException(e.getMessage(), e);
        }
      });
    }

    /**
     * Where a {@link #spawn spawned} server's stderr goes: {@link ChildStderr#inherit()},
     * {@link ChildStderr#discard()}, {@link ChildStderr#log} or {@link ChildStderr#lines}. The
     * default logs each line at {@code INFO} through the {@code System.Logger} named
     * {@value #SERVER_STDERR_LOGGER}, so a server's banner never lands in the host's stderr.
     *
     * <pre>{@code
     * RexdClient rexd = RexdClient.builder()
     *     .spawn(List.of("ssh", "build-1", "rexd --stdio"))
     *     .serverStderr(ChildStderr.lines(line -> log.debug("build-1: {}", line)))
     *     .build();
     * }</pre>
     */
    public Builder serverStderr(ChildStderr stderr) {
      this.serverStderr = Objects.requireNonNull(stderr, "stderr");
      return this;
    }

    /** Opens the transport {@code source} gives when the client is built, and never again. */
    Builder transportSource(Supplier<Transport> source) {
      this.transport = source;
      this.reconnectable = false;
      this.shared = null;
      return this;
    }

    /**
     * Opens a connection with {@code connector} when the client is built and, after it dropped,
     * again under the {@link #reconnect} policy: the client reattaches its sessions and every
     * running process's output resumes where it stopped. For a server whose sessions outlive a
     * connection (WebSocket); {@code connector} returns a connected transport, not yet started, or
     * throws ({@link RexdTransportException}, {@link RexdUnauthorizedException}, which ends the
     * attempts at once).
     *
     * <pre>{@code
     * RexdClient rexd = RexdClient.builder()
     *     .connector(() -> WebSocketTransport.builder(uri).token(token).connect())
     *     .build();
     * }</pre>
     */
    public Builder connector(Supplier<? extends Transport> connector) {
      Objects.requireNonNull(connector, "connector");
      this.transport = connector::get;
      this.reconnectable = true;
      this.shared = null;
      return this;
    }

    /**
     * How a connection opened by a {@link #connector} reconnects after it dropped (default
     * {@link ReconnectPolicy#DEFAULT}: 10 attempts with exponential backoff from 100 ms to 5 s);
     * {@link ReconnectPolicy#none()} turns reconnecting off.
     */
    public Builder reconnect(ReconnectPolicy policy) {
      this.reconnect = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Hears every call's start, end or failure (method, duration, bytes) and the connection's drops. */
    public Builder eventListener(RexdEventListener listener) {
      this.eventListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The deadline of each call (default 60 s); exec adds it as grace to a command's own timeout. */
    public Builder callTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive");
      }
      this.callTimeout = timeout;
      return this;
    }

    /** The name sessions are opened under by default (default {@code rexd-java}). */
    public Builder clientName(String name) {
      this.clientName = Objects.requireNonNull(name, "name");
      return this;
    }

    /** The client version sent in {@code session.open}. */
    public Builder clientVersion(@Nullable String version) {
      this.clientVersion = version;
      return this;
    }

    /** The workspace roots sessions request by default (default: all the server's roots). */
    public Builder workspaceRoots(List<String> roots) {
      this.workspaceRoots = List.copyOf(roots);
      return this;
    }

    /** The directory commands run in, and relative file paths resolve against, by default. */
    public Builder defaultCwd(@Nullable String cwd) {
      this.defaultCwd = cwd;
      return this;
    }

    /** Whether shell commands run through {@code sh -lc} by default. */
    public Builder loginShell(boolean login) {
      this.loginShell = login;
      return this;
    }

    /**
     * How many bytes of one process's output may wait for a slow callback or subscriber before the
     * client stops reading and the server slows the process (default 1 MiB).
     */
    public Builder outputBufferBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("outputBufferBytes must be positive");
      }
      this.outputBufferBytes = bytes;
      return this;
    }

    /** Opens the transport (or shares the connection of the client this builder came from). */
    public RexdClient build() {
      RpcConnection c = shared;
      if (c == null) {
        Supplier<Transport> source = transport;
        if (source == null) {
          throw new IllegalStateException("no transport: call transport(), inProcess() or spawn()");
        }
        c = new RpcConnection(source.get(), reconnectable ? source : null, reconnect, eventListener);
        try {
          c.start();
        } catch (RuntimeException e) {
          c.close();
          throw e;
        }
      }
      return new RexdClient(c, this);
    }
  }
}
