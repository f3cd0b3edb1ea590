package dev.rexd.core;

import dev.rexd.api.Capabilities;
import dev.rexd.api.RexdMethod;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.session.SandboxInfo;
import dev.rexd.api.transport.Transport;
import dev.rexd.api.RexdEvent;
import dev.rexd.core.approval.ApprovalGate;
import dev.rexd.core.approval.ApprovalMethods;
import dev.rexd.core.approval.ApprovalPolicy;
import dev.rexd.core.audit.AuditLog;
import dev.rexd.core.auth.Principal;
import dev.rexd.core.metrics.ServerMetrics;
import dev.rexd.core.rpc.CallListener;
import dev.rexd.core.rpc.Caller;
import dev.rexd.core.session.SessionObserver;
import dev.rexd.core.watch.LifecycleEvents;
import dev.rexd.core.watch.WatchMethods;
import dev.rexd.core.watch.WatchRegistry;
import dev.rexd.core.audit.AuditSink;
import dev.rexd.core.exec.ExecService;
import dev.rexd.core.fs.FsOptions;
import dev.rexd.core.fs.FsGrep;
import dev.rexd.core.fs.FsService;
import dev.rexd.core.pty.PtyService;
import dev.rexd.core.policy.RootPolicy;
import dev.rexd.core.process.ProcessHooks;
import dev.rexd.core.process.ProcessPolicy;
import dev.rexd.core.process.ProcessService;
import dev.rexd.core.process.Spawner;
import dev.rexd.core.process.Spawners;
import dev.rexd.core.rpc.CallContext;
import dev.rexd.core.recording.Recorder;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.recording.RecordingHooks;
import dev.rexd.core.recording.RecordingMethods;
import dev.rexd.core.transcript.TranscriptConfig;
import dev.rexd.core.transcript.TranscriptHooks;
import dev.rexd.core.transcript.TranscriptLog;
import dev.rexd.core.rpc.Connection;
import dev.rexd.core.rpc.Dispatcher;
import dev.rexd.core.rpc.MethodHandler;
import dev.rexd.core.rpc.MethodRegistry;
import dev.rexd.core.sandbox.SandboxSettings;
import dev.rexd.core.sandbox.SandboxSpawner;
import dev.rexd.core.session.Session;
import dev.rexd.core.session.SessionManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A REXD v1 server, independent of any transport: hand it streaming transports with
 * {@link #connect} or one-shot frames with {@link #handle}.
 *
 * <pre>{@code
 * RexdServer server = RexdServer.builder()
 *     .allowedRoot(Path.of("/srv/app"))
 *     .limits(Limits.defaults().withMaxOutputBytes(1 << 20))
 *     .audit(AuditSink.jsonLines(Path.of("/var/log/rexd/audit.log")))
 *     .build();
 * server.connect(transport).closed().join();
 * }</pre>
 */
public final class RexdServer implements AutoCloseable {
  /** This implementation's version, as {@code session.open} reports it. */
  public static final String VERSION = Optional.ofNullable(RexdServer.class.getPackage().getImplementationVersion())
      .orElse("0.1.0-dev");

  /** The default idle timeout of sessions without a connection. */
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);

  private static final System.Logger LOG = System.getLogger(RexdServer.class.getName());
  /**
   * What one connection's frames may hold in memory while they wait for a slow peer: a few 64 KiB
   * output events, small enough to die young instead of being promoted (docs/performance.md).
   */
  private static final long OUTBOUND_QUEUE_BYTES = 512 << 10;
  /** How long {@link #close()} waits for its connections to flush what they queued. */
  private static final long CONNECTION_END_MS = 2_000;
  /** The default bound of one watcher's queue, in bytes of encoded events. */
  public static final long DEFAULT_WATCH_QUEUE_BYTES = 8L << 20;

  private final RootPolicy policy;
  private final Limits limits;
  private final SessionManager sessions;
  private final ProcessService processes;
  private final PtyService pty;
  private final Dispatcher dispatcher;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final TerminalCheck terminals;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private final Set<String> advertised = new CopyOnWriteArraySet<>();
  private final @Nullable ScheduledExecutorService idleSweeper;
  private final @Nullable SandboxSpawner sandbox;
  private final @Nullable SandboxInfo sandboxInfo;
  private final @Nullable Recorder recorder;
  private final @Nullable TranscriptLog transcript;
  private final ScheduledExecutorService approvalTimer;
  private final ApprovalGate approvals;
  private final ServerMetrics metrics;

  private RexdServer(Builder b) {
    this.recorder = b.recording == null ? null : Recorder.start(b.recording);
    this.transcript = b.transcript == null ? null : openTranscript(b.transcript, recorder);
    this.policy = RootPolicy.of(b.roots.isEmpty() ? List.of(Path.of("").toAbsolutePath()) : b.roots);
    this.limits = b.limits;
    AuditLog audit = new AuditLog(b.audit, this::findSession);
    RecordingHooks recordingHooks = recorder == null ? null : new RecordingHooks(recorder);
    WatchRegistry watching = new WatchRegistry(b.watchQueueBytes);
    MetricsHolder metricsHolder = new MetricsHolder();
    this.sessions = new SessionManager(policy, limits, new SessionObserver() {
      @Override
      public void published(Session session, RexdEvent<?> event, Object params) {
        audit.published(session, event, params);
        if (recordingHooks != null) {
          recordingHooks.published(session, event, params);
        }
      }

      @Override
      public void outputPublished(Session session, int frameBytes) {
        metricsHolder.get().outputPublished(frameBytes);
      }
    }, watching);
    this.approvalTimer = Executors.newSingleThreadScheduledExecutor(daemonThreads("rexd-approval"));
    this.approvals = new ApprovalGate(b.approvals, watching, approvalTimer,
        nanos -> metricsHolder.get().approvalWaited(nanos));
    this.ownsExecutor = b.executor == null;
    this.executor = b.executor != null ? b.executor : Executors.newCachedThreadPool(daemonThreads("rexd-call"));
    MethodRegistry registry = new MethodRegistry();
    ProcessPolicy processPolicy = ProcessPolicy.defaults().withAllowShell(b.allowShell)
        .withAllowedCommands(b.allowedCommands).withDeniedCommands(b.deniedCommands).withAllowDetach(b.allowDetach);
    Path stateDir = b.stateDir != null ? b.stateDir : FsOptions.defaultStateDir(System.getenv());
    this.sandbox = b.sandbox == null ? null : SandboxSpawner.wrap(b.spawner == null ? Spawners.system() : b.spawner,
        b.sandbox.hiding(ownPaths(b, stateDir)));
    this.sandboxInfo = sandbox == null ? null : sandbox.info();
    Spawner spawner = sandbox != null ? sandbox : b.spawner;
    List<ProcessHooks> hooks = new ArrayList<>();
    hooks.add(approvals);                      // first: a held start asks nobody else yet
    hooks.add(LifecycleEvents.HOOKS);
    hooks.addAll(b.hooks);
    if (recordingHooks != null) {
      hooks.add(recordingHooks);
    }
    if (transcript != null) {
      hooks.add(new TranscriptHooks(transcript));
    }
    this.processes = new ProcessService(processPolicy, spawner == null ? Spawners::system : () -> spawner, hooks);
    this.pty = new PtyService(processes);
    CoreMethods.register(registry, sessions, this::openResultInfo);
    FsService fs = new FsService(new FsOptions(stateDir, b.allowHardlinkedWrites));
    fs.recover(policy); // before the first call: finishes patches a killed server left half done
    CoreMethods.registerFs(registry, fs);
    CoreMethods.registerGrep(registry, new FsGrep());
    CoreMethods.registerExec(registry, new ExecService(processes), executor);
    CoreMethods.registerPty(registry, pty, executor);
    WatchMethods.register(registry, sessions, watching);
    ApprovalMethods.register(registry, approvals);
    b.hostMethods.values().forEach(m -> m.registerIn(registry));
    if (recorder != null) {
      RecordingMethods.register(registry, recorder);
    }
    this.metrics = new ServerMetrics(sessions, registry.names(), () -> approvals.pending().size());
    metricsHolder.set(metrics);
    this.terminals = new TerminalCheck(PtyService::hostSupportsPtys, pty::available, executor);
    this.dispatcher = new Dispatcher(registry, executor, CallListener.all(List.of(audit, metrics)));
    this.idleSweeper = b.sessionIdleTimeout.isZero() ? null : startIdleSweeper(b.sessionIdleTimeout);
  }

  /** What the server writes and keeps to itself: no sandboxed process sees it, even under a bound directory. */
  private static List<Path> ownPaths(Builder b, Path stateDir) {
    List<Path> own = new ArrayList<>(List.of(stateDir));
    if (b.recording != null) {
      own.add(b.recording.dir());
    }
    if (b.transcript != null) {
      own.add(b.transcript.path());
    }
    return own;
  }

  private static TranscriptLog openTranscript(TranscriptConfig config, @Nullable Recorder recorder) {
    try {
      return TranscriptLog.open(config);
    } catch (IllegalArgumentException e) {
      if (recorder != null) {
        recorder.close();
      }
      throw e;
    }
  }

  private ScheduledExecutorService startIdleSweeper(Duration timeout) {
    ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("rexd-idle"));
    long period = Math.max(100, Math.min(timeout.toMillis() / 4, 10_000));
    long idleNanos = timeout.toNanos();
    sweeper.scheduleWithFixedDelay(() -> {
      int n = sessions.closeIdle(idleNanos);
      if (n > 0) {
        LOG.log(System.Logger.Level.INFO, "closed " + n + " idle session(s) after " + timeout.toMillis() + " ms");
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return sweeper;
  }

  /** A builder with the defaults of protocol section 8 and the current directory as the only root. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Serves a streaming peer whose sessions end with it (stdio, in-process). Returns at once; the
   * connection's {@link Connection#closed()} completes after the peer left and its sessions were
   * closed.
   */
  public Connection connect(Transport transport) {
    return connect(transport, Principal.localUser());
  }

  /**
   * {@link #connect(Transport)} for a peer acting as {@code principal} (an MCP caller the HTTP
   * server authenticated): its role decides what it may call, and it owns the sessions it opens.
   */
  public Connection connect(Transport transport, Principal principal) {
    ensureOpen();
    return tracked(dispatcher.serve(transport, sessions, true, principal, limits.maxMessageBytes(),
        OUTBOUND_QUEUE_BYTES));
  }

  /**
   * Serves a streaming peer whose sessions outlive it, so a later connection that names them gets
   * their events again (WebSocket); they end with {@code session.close}, the idle timeout or
   * {@link #close()}.
   */
  public Connection connectReattachable(Transport transport) {
    return connectReattachable(transport, Principal.localUser());
  }

  /**
   * {@link #connectReattachable(Transport)} for a peer authenticated as {@code principal} (the HTTP
   * server passes the token's or JWT's principal): its role decides what it may call, and it owns
   * the sessions it opens.
   */
  public Connection connectReattachable(Transport transport, Principal principal) {
    ensureOpen();
    return tracked(dispatcher.serve(transport, sessions, false, principal, limits.maxMessageBytes(),
        OUTBOUND_QUEUE_BYTES));
  }

  /** Keeps {@code c} until it has closed, so that {@link #close()} can end it. */
  private Connection tracked(Connection c) {
    connections.add(c);
    c.closed().whenComplete((v, e) -> connections.remove(c));
    return c;
  }

  /**
   * Handles one frame without a streaming connection (HTTP POST): the response text, or empty when
   * the frame held only notifications. Events are not delivered this way.
   */
  public CompletableFuture<Optional<String>> handle(String frame) {
    return handle(frame, Principal.localUser());
  }

  /** {@link #handle(String)} for a caller authenticated as {@code principal}. */
  public CompletableFuture<Optional<String>> handle(String frame, Principal principal) {
    ensureOpen();
    CompletableFuture<Optional<String>> out = new CompletableFuture<>();
    dispatcher.dispatch(frame, new Caller(principal, null, sessions::get), text -> out.complete(Optional.of(text)))
        .whenComplete((v, e) -> out.complete(Optional.empty()));
    return out;
  }

  /** The effective limits. */
  public Limits limits() {
    return limits;
  }

  /** The resolved allowed roots. */
  public List<Path> allowedRoots() {
    return policy.roots();
  }

  /** The capability names {@code session.open} reports. */
  public List<String> capabilities() {
    List<String> caps = new ArrayList<>(List.of(Capabilities.EXEC, Capabilities.FS, Capabilities.EVENTS));
    if (terminals.work()) {
      caps.add(Capabilities.PTY);
      caps.add(Capabilities.TTY);
    }
    caps.addAll(List.of(Capabilities.STRIP_ANSI, Capabilities.EXEC_OUTPUT, Capabilities.BATCH, Capabilities.FS_GREP,
        Capabilities.CONSOLE));
    if (sandbox != null) {
      caps.add(Capabilities.SANDBOX);
    }
    if (recorder != null) {
      caps.add(Capabilities.RECORDING);
    }
    if (approvals.policy().enabled()) {
      caps.add(Capabilities.APPROVAL);
    }
    advertised.stream().filter(c -> !caps.contains(c)).forEach(caps::add);
    return List.copyOf(caps);
  }

  /**
   * Adds capability names that a transport serving this server provides, e.g. {@code http} and
   * {@code reattach} from the HTTP server; later {@code session.open} results list them.
   */
  public void advertise(String... names) {
    advertised.addAll(List.of(names));
  }

  /** The open sessions. */
  SessionManager sessions() {
    return sessions;
  }

  /** The recorder when {@code [recording]} is enabled. */
  public Optional<Recorder> recorder() {
    return Optional.ofNullable(recorder);
  }

  /** The server's metrics, for {@code GET /metrics}; they count from the first call of this method. */
  public ServerMetrics metrics() {
    return metrics.start();
  }

  /**
   * Closes every session and ends every process group but the detached ones. Idempotent; a call
   * made while another is closing returns only when that one has finished, so a shutdown hook that
   * races the main thread never lets the JVM halt with process groups still running.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      awaitClosed();
      return;
    }
    try {
      if (idleSweeper != null) {
        idleSweeper.shutdownNow();
      }
      sessions.closeAll();
      endConnections();
      approvalTimer.shutdownNow();
      processes.shutdown();
      if (recorder != null) {
        recorder.close();
      }
      if (ownsExecutor) {
        executor.shutdownNow();
        executor.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeDone.countDown();
    }
  }

  /**
   * Ends every connection still open (an in-process client, a WebSocket), so that its peer sees the
   * end at once instead of calls that never answer; waits a little for them to flush.
   */
  private void endConnections() throws InterruptedException {
    List<CompletableFuture<Void>> ending = new ArrayList<>();
    for (Connection c : connections) {
      c.close();
      ending.add(c.closed());
    }
    try {
      CompletableFuture.allOf(ending.toArray(new CompletableFuture<?>[0])).get(CONNECTION_END_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.DEBUG, "connections still closing: " + e);
    }
  }

  private void awaitClosed() {
    boolean interrupted = false;
    while (true) {
      try {
        closeDone.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private CoreMethods.ServerInfo openResultInfo() {
    return new CoreMethods.ServerInfo(VERSION, capabilities(), sandboxInfo);
  }

  private @Nullable Session findSession(String id) {
    return sessions.find(id);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("server is closed");
    }
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** A method added by the host, registered after the built-in ones. */
  private record HostMethod<P, R>(RexdMethod<P, R> method, MethodHandler<P, R> handler) {
    void registerIn(MethodRegistry registry) {
      registry.register(method, handler);
    }
  }

  /** Builds a {@link RexdServer}. */
  public static final class Builder {
    private final List<Path> roots = new ArrayList<>();
    private Limits limits = Limits.defaults();
    private boolean allowShell = true;
    private boolean allowDetach = true;
    private final Set<String> allowedCommands = new LinkedHashSet<>();
    private final Set<String> deniedCommands = new LinkedHashSet<>();
    private AuditSink audit = AuditSink.none();
    private @Nullable ExecutorService executor;
    private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    private @Nullable Spawner spawner;
    private @Nullable SandboxSettings sandbox;
    private final List<ProcessHooks> hooks = new ArrayList<>();
    private final Map<String, HostMethod<?, ?>> hostMethods = new LinkedHashMap<>();
    private @Nullable Path stateDir;
    private boolean allowHardlinkedWrites;
    private @Nullable RecordingConfig recording;
    private @Nullable TranscriptConfig transcript;
    private ApprovalPolicy approvals = ApprovalPolicy.off();
    private long watchQueueBytes = DEFAULT_WATCH_QUEUE_BYTES;

    private Builder() {}

    /** Which starts wait for a person's approval (default: none). */
    public Builder approvals(ApprovalPolicy policy) {
      this.approvals = policy;
      return this;
    }

    /**
     * How many bytes of events may wait for one watcher (default 8 MiB); one that falls further
     * behind is unsubscribed with {@code session.unwatched}.
     */
    public Builder watchQueueBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("watch queue bytes must be positive");
      }
      this.watchQueueBytes = bytes;
      return this;
    }

    /**
     * How processes and terminals start (default {@link Spawners#system()}): a host or a sandbox
     * wraps or replaces it here, and {@code exec.*} and {@code pty.*} use it unchanged.
     */
    public Builder spawner(Spawner spawner) {
      this.spawner = spawner;
      return this;
    }

    /**
     * Where the server keeps state that must survive it, such as patch journals (default
     * {@code $XDG_STATE_HOME/rexd}, else {@code ~/.local/state/rexd}; created {@code 0700}).
     */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    /**
     * Runs every process and terminal inside a bubblewrap sandbox with these settings (around the
     * {@link #spawner} given, or the system's). {@link #build()} fails with
     * {@link IllegalStateException} saying what is missing when this host cannot sandbox.
     */
    public Builder sandbox(SandboxSettings settings) {
      this.sandbox = settings;
      return this;
    }

    /**
     * Adds hooks on every process and terminal (approvals before the start, watchers, recorders and
     * transcripts on its events), called in the order added.
     */
    public Builder processHooks(ProcessHooks... more) {
      hooks.addAll(List.of(more));
      return this;
    }

    /**
     * Adds a method of the host application, served like the built-in ones: the same concurrent
     * dispatch, params decoded into {@code method}'s record ({@code -32602} when they do not fit),
     * the same error mapping and the same audit line. The handler finds sessions with
     * {@link CallContext#session}, sends events to its caller with {@link CallContext#notify} and to
     * a session's connections with {@link Session#publish}.
     *
     * <pre>{@code
     * RexdMethod<DeployParams, DeployResult> deploy = new RexdMethod<>("acme.deploy", DeployParams.class, DeployResult.class);
     * RexdServer server = RexdServer.builder()
     *     .method(deploy, (call, p) -> deployer.deploy(call.session(p.sessionId()), p.version()))
     *     .build();
     * }</pre>
     *
     * @throws IllegalArgumentException when the name is reserved ({@code rpc.*}) or was added
     *     already; {@link #build()} refuses a name a built-in method has
     */
    public <P, R> Builder method(RexdMethod<P, R> method, MethodHandler<P, R> handler) {
      if (method.name().startsWith("rpc.")) {
        throw new IllegalArgumentException("method names starting with rpc. are reserved by JSON-RPC: "
            + method.name());
      }
      if (hostMethods.putIfAbsent(method.name(), new HostMethod<>(method, handler)) != null) {
        throw new IllegalArgumentException("method " + method.name() + " was added already");
      }
      return this;
    }

    /**
     * Whether {@code fs.write} may append to, or write in place, a regular file with more than one
     * hard link (default false: such a link may lead to a file outside the roots).
     */
    public Builder allowHardlinkedWrites(boolean allow) {
      this.allowHardlinkedWrites = allow;
      return this;
    }

    /**
     * How long a session with no connected event channel and no calls lives before it is closed
     * (default 30 minutes; {@link Duration#ZERO} keeps such sessions until closed). Sessions of a
     * stdio connection end with it regardless.
     */
    public Builder sessionIdleTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("session idle timeout must not be negative");
      }
      this.sessionIdleTimeout = timeout;
      return this;
    }

    /** Adds an allowed root (resolved through symlinks when the server is built). */
    public Builder allowedRoot(Path root) {
      roots.add(root);
      return this;
    }

    /** Adds allowed roots. */
    public Builder allowedRoots(List<Path> more) {
      roots.addAll(more);
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = limits;
      return this;
    }

    /** Whether {@code shell: true} is allowed (default true). */
    public Builder allowShell(boolean allow) {
      this.allowShell = allow;
      return this;
    }

    /** Whether {@code detach: true} is allowed (default true). */
    public Builder allowDetach(boolean allow) {
      this.allowDetach = allow;
      return this;
    }

    /** When not empty, only these program basenames may run as {@code argv[0]}. */
    public Builder allowedCommands(List<String> names) {
      allowedCommands.addAll(names);
      return this;
    }

    /** Program basenames that may never run as {@code argv[0]}. */
    public Builder deniedCommands(List<String> names) {
      deniedCommands.addAll(names);
      return this;
    }

    public Builder audit(AuditSink sink) {
      this.audit = sink;
      return this;
    }

    /**
     * The executor handlers run on (default: a cached pool of daemon threads). Pass
     * {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21+. The caller shuts it down.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Records sessions and terminals as asciicast files ({@code [recording]}); {@link #build()}
     * fails with an {@link IllegalArgumentException} naming the directory when it cannot be written.
     */
    public Builder recording(RecordingConfig config) {
      this.recording = config;
      return this;
    }

    /**
     * Writes one JSON line per ended process ({@code [transcript]}); {@link #build()} fails with an
     * {@link IllegalArgumentException} naming the file when it cannot be written.
     */
    public Builder transcript(TranscriptConfig config) {
      this.transcript = config;
      return this;
    }

    /**
     * Builds the server.
     *
     * @throws IllegalArgumentException when a host method has the name of a built-in one
     */
    public RexdServer build() {
      for (RexdMethod<?, ?> builtIn : RexdMethods.ALL) {
        if (hostMethods.containsKey(builtIn.name())) {
          throw new IllegalArgumentException("method " + builtIn.name() + " is built in and cannot be replaced");
        }
      }
      return new RexdServer(this);
    }
  }

  /** Lets the session observer reach the metrics, which are built after the sessions. */
  private static final class MetricsHolder {
    private volatile @Nullable ServerMetrics metrics;

    void set(ServerMetrics m) {
      metrics = m;
    }

    ServerMetrics get() {
      ServerMetrics m = metrics;
      if (m == null) {
        throw new IllegalStateException("metrics not built yet");
      }
      return m;
    }
  }
}
