package dev.rexd.client;

import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecStartParams;
import dev.rexd.api.exec.ExecStartResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One command to run in a session: configure it, then execute it once — blocking with
 * {@link #run()}, as a future with {@link #runAsync()}, or streaming with {@link #start()} — and
 * {@link #cancel()} it from any thread.
 *
 * <pre>{@code
 * ExecResult r = s.exec("git", "status", "--short").timeout(Duration.ofSeconds(30)).run();
 * CompletableFuture<ExecResult> f = s.exec("make", "test").runAsync();
 * RemoteProcess p = s.exec("npm", "start").onStdout(chunk -> log(chunk.text())).start();
 * }</pre>
 *
 * <p>Callbacks run on client threads, one at a time and in order; a slow callback slows the
 * process (back-pressure) and never loses output. While a callback is behind by more than the
 * client's output buffer, the connection reads nothing else, so a callback should not wait on other
 * calls of the same client then (such a call ends at its deadline). {@link #run()} waits at most the command's
 * timeout (its own, else the session's {@code default_timeout_ms}) plus the client's call timeout.
 *
 * <p>Over a transport that carries no events (HTTP POST) the client polls instead: it fetches the
 * output with {@code exec.output} and waits with short {@code exec.wait} calls, so chunks come in
 * rounds of up to 250 ms (each stream in order, the bytes unchanged) and a slow callback still slows
 * the polling, not the process. Such a server must offer {@code exec.output}; the exit's
 * {@link ExitStatus#durationMs()} is then measured by the client.
 */
public final class ExecCall {
  private final RexdSession session;
  private final @Nullable List<String> argv;
  private final @Nullable String command;
  private final Map<String, String> env = new LinkedHashMap<>();
  private @Nullable String cwd;
  private @Nullable String stdin;
  private @Nullable Duration timeout;
  private @Nullable Long maxOutputBytes;
  private boolean detach;
  private boolean tty;
  private boolean stripAnsi;
  private @Nullable Boolean login;
  private @Nullable Consumer<Chunk> onStdout;
  private @Nullable Consumer<Chunk> onStderr;
  private @Nullable Consumer<Chunk> onOutput;
  private @Nullable Consumer<ExitStatus> onExit;
  private @Nullable Consumer<OutputGap> onGap;
  private final AtomicBoolean executed = new AtomicBoolean();
  private volatile boolean canceled;
  private volatile @Nullable String processId;
  private volatile @Nullable StreamSink sink;
  private volatile @Nullable CompletableFuture<ExecResult> result;

  ExecCall(RexdSession session, @Nullable List<String> argv, @Nullable String command) {
    this.session = session;
    this.argv = argv;
    this.command = command;
  }

  /** The working directory (default: the client's default cwd, else the session's). */
  public ExecCall cwd(String dir) {
    this.cwd = Objects.requireNonNull(dir, "dir");
    return this;
  }

  /** One environment variable, merged over the server's environment. */
  public ExecCall env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Environment variables, merged over the server's environment. */
  public ExecCall env(Map<String, String> vars) {
    env.putAll(vars);
    return this;
  }

  /**
   * Text written to stdin, which is then closed. Without it, {@link #run()} and {@link #runAsync()}
   * close stdin at once (nothing could write to it), and {@link #start()} leaves it open for
   * {@link RemoteProcess#write}.
   */
  public ExecCall stdin(String text) {
    this.stdin = Objects.requireNonNull(text, "text");
    return this;
  }

  /** The command's timeout on the server (default {@code default_timeout_ms}, at most {@code hard_timeout_ms}). */
  public ExecCall timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.timeout = timeout;
    return this;
  }

  /** The output limit (stdout plus stderr); past it the process is killed and its result truncated. */
  public ExecCall maxOutputBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxOutputBytes must be positive");
    }
    this.maxOutputBytes = bytes;
    return this;
  }

  /** Whether the process outlives its session. */
  public ExecCall detach(boolean detach) {
    this.detach = detach;
    return this;
  }

  /**
   * Runs the command on a pseudo-terminal of the server's default size: programs that check
   * {@code isatty} behave as in a terminal, and stdout and stderr arrive merged as stdout.
   */
  public ExecCall tty(boolean tty) {
    this.tty = tty;
    return this;
  }

  /**
   * Makes the output text as a terminal would show it: escape sequences removed, {@code \r}
   * redraws reduced to their last state; lines arrive whole, an unfinished one after a pause.
   */
  public ExecCall stripAnsi(boolean strip) {
    this.stripAnsi = strip;
    return this;
  }

  /** For a shell command: whether {@code sh -lc} runs it (default: the client's login-shell setting). */
  public ExecCall login(boolean login) {
    this.login = login;
    return this;
  }

  /** Receives each stdout chunk. */
  public ExecCall onStdout(Consumer<Chunk> callback) {
    this.onStdout = callback;
    return this;
  }

  /** Receives each stderr chunk. */
  public ExecCall onStderr(Consumer<Chunk> callback) {
    this.onStderr = callback;
    return this;
  }

  /** Receives each chunk of both streams, in arrival order. */
  public ExecCall onOutput(Consumer<Chunk> callback) {
    this.onOutput = callback;
    return this;
  }

  /**
   * Receives a notice when output was lost: after a reconnect, chunks the server no longer had (see
   * {@link OutputGap}). Without reconnects, nothing is ever lost.
   */
  public ExecCall onGap(Consumer<OutputGap> callback) {
    this.onGap = callback;
    return this;
  }

  /** Receives the exit status after the last output callback. */
  public ExecCall onExit(Consumer<ExitStatus> callback) {
    this.onExit = callback;
    return this;
  }

  /**
   * Runs the command and waits for it to end.
   *
   * @throws RexdRemoteException the server refused to start it (e.g. {@code not_found})
   * @throws RexdTimeoutException it did not end within its timeout plus the call timeout
   * @throws RexdCanceledException {@link #cancel()} was called or this thread was interrupted
   */
  public ExecResult run() {
    CompletableFuture<ExecResult> f = runAsync();
    try {
      return Await.get(f);
    } catch (RexdCanceledException e) {
      cancel();
      throw e;
    }
  }

  /**
   * Runs the command; the future completes on a client thread when it ended. Cancelling the future
   * cancels the call.
   */
  public CompletableFuture<ExecResult> runAsync() {
    markExecuted();
    CompletableFuture<ExecResult> out = new CompletableFuture<>();
    result = out;
    out.whenComplete((r, e) -> {
      if (e instanceof CancellationException) {
        cancel();
      }
    });
    if (canceled) {
      out.completeExceptionally(canceledException());
      return out;
    }
    RpcConnection conn = session.client().connection();
    StreamSink s = newSink(true);
    startRequest(s, true).whenComplete((started, e) -> {
      if (e != null) {
        conn.execute(() -> out.completeExceptionally(Await.unwrap(e)));
        return;
      }
      ScheduledFuture<?> deadline = deadline(out);
      s.exit().whenComplete((status, ex) -> {
        if (deadline != null) {
          deadline.cancel(false);
        }
        if (ex != null) {
          out.completeExceptionally(Await.unwrap(ex));
        } else {
          out.complete(new ExecResult(started.processId(), status, s.stdout(), s.stderr(), s.gaps()));
        }
      });
    });
    return out;
  }

  /**
   * Starts the command and returns once the server accepted it. Consume its output through the
   * callbacks set here or {@link RemoteProcess#output()}, or call {@link RemoteProcess#discardOutput()}:
   * as with {@link Process}, unread output eventually stalls the process.
   */
  public RemoteProcess start() {
    markExecuted();
    if (canceled) {
      throw canceledException();
    }
    StreamSink s = newSink(false);
    try {
      ExecStartResult started = Await.get(startRequest(s, false));
      return new RemoteProcess(session, started, s);
    } catch (RexdCanceledException | RexdTimeoutException e) {
      cancel();
      throw e;
    }
  }

  /**
   * Cancels the call: a running process group is killed ({@code KILL}) and its remaining output
   * dropped; {@link #run()} and {@link #runAsync()} fail with {@link RexdCanceledException}. Safe to
   * call from any thread, any number of times.
   */
  public void cancel() {
    canceled = true;
    String pid = processId;
    if (pid != null) {
      abandon(pid);
    }
    CompletableFuture<ExecResult> r = result;
    if (r != null) {
      r.completeExceptionally(canceledException());
    }
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCanceled() {
    return canceled;
  }

  /** Whether the call was run or started (a call executes once). */
  public boolean isExecuted() {
    return executed.get();
  }

  private void markExecuted() {
    if (!executed.compareAndSet(false, true)) {
      throw new IllegalStateException("this call was executed already; create a new one");
    }
    ExecPoller.requireSupport(session);
  }

  private StreamSink newSink(boolean collect) {
    RpcConnection conn = session.client().connection();
    boolean callbacks = onStdout != null || onStderr != null || onOutput != null;
    OutputPublisher publisher = collect && !callbacks ? null
        : new OutputPublisher(conn::execute, session.client().outputBufferBytes());
    if (publisher != null && callbacks) {
      publisher.subscribe(new CallbackSubscriber(onStdout, onStderr, onOutput));
    }
    StreamSink s = new StreamSink(conn, publisher, collect);
    s.onGap(onGap);
    session.track(s);
    Consumer<ExitStatus> exitCallback = onExit;
    if (exitCallback != null) {
      s.exit().thenAccept(CallbackSubscriber.logged(exitCallback, "exit"));
    }
    sink = s;
    return s;
  }

  private CompletableFuture<ExecStartResult> startRequest(StreamSink s, boolean closeStdin) {
    RexdClient client = session.client();
    long sentNanos = System.nanoTime();
    return client.send(RexdMethods.EXEC_START.name(), params(closeStdin), client.callTimeout(), node -> {
      JsonNode pid = node.get("process_id");
      if (pid != null && pid.isString()) {
        s.routeProcess(session, pid.asString());
      }
    }).thenApply(node -> {
      ExecStartResult started = RexdClient.decode(RexdMethods.EXEC_START.name(), node, ExecStartResult.class);
      processId = started.processId();
      ExecPoller.follow(session, started.processId(), s, sentNanos);
      if (canceled) {
        client.connection().execute(() -> abandon(started.processId()));
      }
      return started;
    }).whenComplete((started, e) -> {
      if (e != null) {
        s.abort(Await.unwrap(e));
      }
    });
  }

  private @Nullable ScheduledFuture<?> deadline(CompletableFuture<ExecResult> out) {
    long runMs = timeout != null ? timeout.toMillis() : session.limit("default_timeout_ms", 30_000);
    long waitMs = Math.min(runMs, session.limit("hard_timeout_ms", Long.MAX_VALUE / 4))
        + session.client().callTimeout().toMillis();
    Duration budget = Duration.ofMillis(waitMs);
    try {
      return session.client().connection().schedule(() -> {
        String pid = processId;
        if (out.completeExceptionally(new RexdTimeoutException("exec " + describe(), budget)) && pid != null) {
          session.client().connection().execute(() -> abandon(pid));
        }
      }, budget);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private void abandon(String pid) {
    StreamSink s = sink;
    if (s != null) {
      s.discardOutput();
      if (s.exit().isDone()) {
        return;
      }
    }
    session.client().send(RexdMethods.EXEC_KILL.name(), new ExecKillParams(session.id(), pid, "KILL"),
        session.client().callTimeout(), null);
  }

  private ExecStartParams params(boolean closeStdin) {
    boolean isShell = command != null;
    Boolean loginShell = null;
    if (isShell && (login != null ? login : session.client().loginShell())) {
      loginShell = true;
    }
    return new ExecStartParams(session.id(), argv, isShell ? Boolean.TRUE : null, loginShell, command,
        session.directory(cwd), env.isEmpty() ? null : Map.copyOf(env), stdin == null && closeStdin ? "" : stdin,
        timeout == null ? null : timeout.toMillis(), maxOutputBytes, detach ? Boolean.TRUE : null,
        tty ? Boolean.TRUE : null, null, null, stripAnsi ? Boolean.TRUE : null);
  }

  private RexdCanceledException canceledException() {
    return new RexdCanceledException("exec " + describe() + " was canceled", null);
  }

  private String describe() {
    return argv != null ? String.join(" ", argv) : "sh -c " + command;
  }

  @Override
  public String toString() {
    return "ExecCall[" + describe() + "]";
  }
}
