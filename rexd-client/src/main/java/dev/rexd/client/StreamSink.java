package dev.rexd.client;

import dev.rexd.api.RexdEvents;
import dev.rexd.api.exec.ExecExitEvent;
import dev.rexd.api.exec.ExecOutputEvent;
import dev.rexd.api.exec.StreamName;
import dev.rexd.api.json.RexdJson;
import dev.rexd.api.pty.PtyExitEvent;
import dev.rexd.api.pty.PtyOutputEvent;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
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

  /** Starts receiving the events of a process. */
  void routeProcess(String processId) {
    route("exec:" + processId);
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
      output(new Chunk(stream, e.seq(), e.encoding().decode(e.data())));
    } else if (method.equals(RexdEvents.PTY_OUTPUT.name())) {
      PtyOutputEvent e = RexdJson.mapper().treeToValue(params, PtyOutputEvent.class);
      output(new Chunk(StreamName.STDOUT, e.seq(), e.encoding().decode(e.data())));
    } else if (method.equals(RexdEvents.EXEC_EXIT.name())) {
      ended(ExitStatus.of(RexdJson.mapper().treeToValue(params, ExecExitEvent.class)));
    } else if (method.equals(RexdEvents.PTY_EXIT.name())) {
      ended(ExitStatus.of(RexdJson.mapper().treeToValue(params, PtyExitEvent.class)));
    }
  }

  @Override
  public void onOutput(Chunk chunk) throws InterruptedException {
    output(chunk);
  }

  private void output(Chunk chunk) throws InterruptedException {
    ByteArrayOutputStream collector = chunk.stream() == StreamName.STDOUT ? stdout : stderr;
    if (collector != null) {
      chunk.copyTo(collector);
    }
    if (publisher != null) {
      publisher.offer(chunk);
    }
  }

  /** The process ended, after its last chunk: the consumer is told once it took every chunk. */
  void ended(ExitStatus status) {
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
