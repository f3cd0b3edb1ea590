package dev.rexd.client;

import dev.rexd.api.RexdEvents;
import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.pty.PtyExitEvent;
import dev.rexd.api.pty.PtyOutputEvent;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.OutputChunk;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Receives the events of one process or terminal on the reader thread (or, over a transport
 * without events, what the {@link ExecPoller} fetched): collects output for a blocking exec, queues
 * it for the {@link OutputPublisher}, and records the exit.
 *
 * <p>{@link #exit()} completes when the exit event arrived and the publisher (if any) has handed on
 * every chunk before it, so {@code waitFor()} returns after the last output callback ran.
 *
 * <p>It keeps the last seq of each stream, so a chunk it has seen already is dropped and a jump in
 * the seqs is an {@link OutputGap}. After a reconnect ({@link #onReconnected()}) it fetches what the
 * server retained after those seqs with {@code exec.output}; live chunks that do not follow on
 * meanwhile, and the exit, are held until that answer is handed on, so the consumer sees every
 * byte once and in order, or a gap where the server no longer had it. A process that ended while
 * the connection was down is finished from {@code exec.wait}.
 *
 * <pre>{@code
 * StreamSink sink = new StreamSink(connection, publisher, true);
 * connection.route("exec:" + processId, sink);
 * }</pre>
 */
final class StreamSink implements RpcConnection.EventSink {
  private final RpcConnection connection;
  private final @Nullable OutputPublisher publisher;
  private final @Nullable ByteArrayOutputStream stdout;
  private final @Nullable ByteArrayOutputStream stderr;
  private final CompletableFuture<ExitStatus> exitEvent = new CompletableFuture<>();
  private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private final long[] lastSeq = new long[StreamName.values().length];
  private final List<OutputGap> gaps = new CopyOnWriteArrayList<>();
  private final Object order = new Object();
  /** While catching up after a reconnect: live chunks that do not follow on, and the exit, wait here. */
  private @Nullable List<Object> held;
  private volatile @Nullable Consumer<OutputGap> onGap;
  private volatile @Nullable RexdSession session;
  private volatile @Nullable String processId;
  private volatile @Nullable String key;

  /**
   * @param publisher where output goes for callbacks and subscribers, or null to not keep it
   * @param collect whether to keep all output for an {@link ExecResult}
   */
  StreamSink(RpcConnection connection, @Nullable OutputPublisher publisher, boolean collect) {
    this.connection = connection;
    this.publisher = publisher;
    this.stdout = collect ? new ByteArrayOutputStream() : null;
    this.stderr = collect ? new ByteArrayOutputStream() : null;
    CompletableFuture<Void> handedOn =
        publisher == null ? CompletableFuture.completedFuture(null) : publisher.settled();
    exitEvent.thenCombine(handedOn, (status, v) -> status).whenComplete((status, e) -> connection.execute(() -> {
      if (e != null) {
        exit.completeExceptionally(e);
      } else {
        exit.complete(status);
      }
    }));
  }

  /** Starts receiving the events of a process of {@code session}, which it can catch up on after a reconnect. */
  void routeProcess(RexdSession session, String processId) {
    this.session = session;
    this.processId = processId;
    route("exec:" + processId);
  }

  /** Where gap notices go, besides {@link #gaps()}. */
  void onGap(@Nullable Consumer<OutputGap> callback) {
    this.onGap = callback;
  }

  /** The gaps seen so far. */
  List<OutputGap> gaps() {
    return List.copyOf(gaps);
  }

  /** Starts receiving the events of a terminal. */
  void routeTerminal(String ptyId) {
    route("pty:" + ptyId);
  }

  private void route(String routeKey) {
    key = routeKey;
    connection.route(routeKey, this);
  }

  @Override
  public void onEvent(String method, JsonNode params) throws InterruptedException {
    if (method.equals(RexdEvents.EXEC_STDOUT.name()) || method.equals(RexdEvents.EXEC_STDERR.name())) {
      ExecOutputEvent e = RexdJson.mapper().treeToValue(params, ExecOutputEvent.class);
      StreamName stream = method.equals(RexdEvents.EXEC_STDOUT.name()) ? StreamName.STDOUT : StreamName.STDERR;
      onOutput(new Chunk(stream, e.seq(), e.encoding().decode(e.data())));
    } else if (method.equals(RexdEvents.PTY_OUTPUT.name())) {
      PtyOutputEvent e = RexdJson.mapper().treeToValue(params, PtyOutputEvent.class);
      onOutput(new Chunk(StreamName.STDOUT, e.seq(), e.encoding().decode(e.data())));
    } else if (method.equals(RexdEvents.EXEC_EXIT.name())) {
      live(ExitStatus.of(RexdJson.mapper().treeToValue(params, ExecExitEvent.class)));
    } else if (method.equals(RexdEvents.PTY_EXIT.name())) {
      live(ExitStatus.of(RexdJson.mapper().treeToValue(params, PtyExitEvent.class)));
    }
  }

  /** A live chunk: handed on now, or held while catching up unless it follows on. */
  @Override
  public void onOutput(Chunk chunk) throws InterruptedException {
    synchronized (order) {
      List<Object> h = held;
      if (h != null && chunk.seq() != lastSeq[chunk.stream().ordinal()] + 1) {
        h.add(chunk);
        return;
      }
      output(chunk);
    }
  }

  /** A live exit: reported now, or after the catching up. */
  private void live(ExitStatus status) {
    synchronized (order) {
      List<Object> h = held;
      if (h != null) {
        h.add(status);
        return;
      }
    }
    ended(status);
  }

  /** Hands on a chunk unless it was seen already; a jump in its stream's seqs is a gap first. */
  private void output(Chunk chunk) throws InterruptedException {
    int s = chunk.stream().ordinal();
    if (chunk.seq() <= lastSeq[s] || exitEvent.isDone()) {
      return;
    }
    if (chunk.seq() > lastSeq[s] + 1) {
      gap(new OutputGap(chunk.stream(), lastSeq[s] + 1, chunk.seq() - 1));
    }
    lastSeq[s] = chunk.seq();
    ByteArrayOutputStream collector = chunk.stream() == StreamName.STDOUT ? stdout : stderr;
    if (collector != null) {
      chunk.copyTo(collector);
    }
    if (publisher != null) {
      publisher.offer(chunk);
    }
  }

  private void gap(OutputGap g) {
    gaps.add(g);
    Consumer<OutputGap> c = onGap;
    if (c != null) {
      connection.execute(() -> CallbackSubscriber.logged(c, "gap").accept(g));
    }
  }

  /**
   * The connection dropped: from now until the catching up is done, live chunks that do not follow
   * on and the exit wait, so nothing the new connection brings overtakes what the old one lost.
   */
  @Override
  public void onLinkLost() {
    synchronized (order) {
      if (held == null && session != null && !exitEvent.isDone()) {
        held = new ArrayList<>();
      }
    }
  }

  /**
   * The connection is back: fetches each stream's retained output after the last seq seen, hands
   * it on, then what was held meanwhile; finishes from {@code exec.wait} if the process ended
   * while nobody listened. Runs on a worker thread.
   */
  @Override
  public void onReconnected() {
    RexdSession s = session;
    String pid = processId;
    if (s == null || pid == null || exitEvent.isDone()) {
      return;
    }
    onLinkLost();
    try {
      boolean running = true;
      for (StreamName stream : StreamName.values()) {
        running &= catchUp(s, pid, stream);
      }
      List<Object> waiting;
      synchronized (order) {
        waiting = held;
        held = null;
        for (Object item : waiting) {
          if (item instanceof Chunk c) {
            output(c);
          }
        }
      }
      ExitStatus exitSeen = null;
      for (Object item : waiting) {
        if (item instanceof ExitStatus x) {
          exitSeen = x;
        }
      }
      if (exitSeen != null) {
        ended(exitSeen);
      } else if (!running) {
        ExecWaitResult w = s.call(RexdMethods.EXEC_WAIT, new ExecWaitParams(s.id(), pid, 0L));
        ended(ExitStatus.of(w, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(new RexdCanceledException("interrupted while catching up on process " + pid, e));
    } catch (RexdRemoteException e) {
      abort(e.isSessionNotFound() ? s.closedBeforeExit(e) : e);
    } catch (RexdClientException e) {
      abort(e);
    }
  }

  /**
   * Hands on the retained chunks of one stream after its last seq, noting a gap where the server
   * kept no more ({@code first_seq}, or the first chunk it still has); whether the process runs.
   */
  private boolean catchUp(RexdSession s, String pid, StreamName stream) throws InterruptedException {
    long after;
    synchronized (order) {
      after = lastSeq[stream.ordinal()];
    }
    JsonNode r = s.call(RexdMethods.EXEC_OUTPUT.name(), new ExecOutputParams(s.id(), pid, stream, after));
    JsonNode first = r.path("first_seq").path(stream == StreamName.STDOUT ? "stdout" : "stderr");
    synchronized (order) {
      if (first.isIntegralNumber() && first.asLong() > lastSeq[stream.ordinal()] + 1) {
        long from = lastSeq[stream.ordinal()] + 1;
        gap(new OutputGap(stream, from, first.asLong() - 1));
        lastSeq[stream.ordinal()] = first.asLong() - 1;
      }
      for (JsonNode c : r.path("chunks")) {
        OutputChunk chunk = RexdJson.mapper().treeToValue(c, OutputChunk.class);
        if (chunk.stream() == stream) {
          output(new Chunk(stream, chunk.seq(), chunk.encoding().decode(chunk.data())));
        }
      }
    }
    return "running".equals(r.path("status").asString(""));
  }

  /** The process ended, after its last chunk: the consumer is told once it took every chunk. Once only. */
  void ended(ExitStatus status) {
    if (exitEvent.isDone()) {
      return;
    }
    String k = key;
    if (k != null) {
      connection.unroute(k);
    }
    if (publisher != null) {
      publisher.complete();
    }
    exitEvent.complete(status);
  }

  @Override
  public void onDisconnect(RexdTransportException cause) {
    abort(cause);
  }

  /** Ends the stream without an exit event (it never started, or its session was closed). */
  void abort(Throwable cause) {
    String k = key;
    if (k != null) {
      connection.unroute(k);
    }
    if (publisher != null) {
      publisher.fail(cause);
    }
    exitEvent.completeExceptionally(cause);
  }

  /** Stops keeping output for callbacks and subscribers; the exit is still reported. */
  void discardOutput() {
    if (publisher != null) {
      publisher.discard();
    }
  }

  /** Where output goes for callbacks and subscribers, if it is kept. */
  @Nullable OutputPublisher publisher() {
    return publisher;
  }

  /** Completes on a worker thread once the process ended and its output was handed on. */
  CompletableFuture<ExitStatus> exit() {
    return exit;
  }

  /** Everything the process wrote to stdout, when collecting. */
  byte[] stdout() {
    return stdout == null ? new byte[0] : stdout.toByteArray();
  }

  /** Everything the process wrote to stderr, when collecting. */
  byte[] stderr() {
    return stderr == null ? new byte[0] : stderr.toByteArray();
  }
}
