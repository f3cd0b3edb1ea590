package dev.rexd.client;

import dev.rexd.api.Capabilities;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.OutputChunk;
import dev.rexd.api.exec.ProcessStatus;
import dev.rexd.api.exec.StreamName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Follows a process over a transport that carries no events (HTTP POST), so that exec works there as
 * over a streaming one: it fetches the process's output with {@code exec.output} [ext], stream by
 * stream after the last seq it has, into the process's {@link StreamSink} — the same chunks, each
 * stream in seq order, reach the callbacks, the publisher and the {@link ExecResult} — and waits for
 * the end with short {@code exec.wait} calls; then it reports the exit as an {@code exec.exit} event
 * would. Across streams, chunks keep the order of rounds, not of single reads.
 *
 * <p>Each process gets one loop on a client worker thread, which the client's {@code close()} ends.
 * Handing on a chunk blocks while the consumer is behind by more than the output buffer, so the
 * loop asks for more only once there is room (back-pressure: at most one answer waits beyond the
 * buffer; the server keeps the rest, up to {@code max_output_bytes}). A stream is complete once an
 * {@code exec.output} answer reports a final status, as the server reads the status before the
 * chunks. {@code exec.wait} tells no duration, so {@link ExitStatus#durationMs()} is measured here,
 * from sending {@code exec.start} to seeing the end. A failed call ends the stream with that error;
 * a session the server no longer knows with {@link RexdCanceledException}, as when the session's
 * close reports first.
 *
 * <pre>{@code
 * ExecPoller.requireSupport(session);                        // before exec.start
 * ExecPoller.follow(session, processId, sink, sentNanos);    // after it
 * }</pre>
 */
final class ExecPoller implements Runnable {
  /** How long one {@code exec.wait} may hold before the output is fetched again. */
  static final Duration POLL = Duration.ofMillis(250);

  private final RexdSession session;
  private final String processId;
  private final StreamSink sink;
  private final long startNanos;
  /** The streams not complete yet, each with the last seq handed on. */
  private final Map<StreamName, Long> lastSeq = new EnumMap<>(StreamName.class);
  private boolean endSeen;
  private long endNanos;

  private ExecPoller(RexdSession session, String processId, StreamSink sink, long startNanos) {
    this.session = session;
    this.processId = processId;
    this.sink = sink;
    this.startNanos = startNanos;
    for (StreamName stream : StreamName.values()) {
      lastSeq.put(stream, 0L);
    }
  }

  /**
   * Fails unless a process of this session can be followed: the connection carries events, or the
   * server offers {@code exec.output} to poll.
   */
  static void requireSupport(RexdSession session) {
    if (!session.client().connection().carriesEvents() && !session.hasCapability(Capabilities.EXEC_OUTPUT)) {
      throw new RexdClientException("exec over a transport without events (HTTP POST) needs a server that offers "
          + Capabilities.EXEC_OUTPUT + "; use a streaming transport (stdio or WebSocket)");
    }
  }

  /** Starts following the process on a worker thread, if the connection carries no events. */
  static void follow(RexdSession session, String processId, StreamSink sink, long startNanos) {
    RpcConnection connection = session.client().connection();
    if (!connection.carriesEvents()) {
      connection.execute(new ExecPoller(session, processId, sink, startNanos));
    }
  }

  @Override
  public void run() {
    try {
      ExecWaitResult end = followToEnd();
      sink.ended(ExitStatus.of(end, TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.abort(new RexdCanceledException("interrupted while following process " + processId, e));
    } catch (RexdRemoteException e) {
      sink.abort(e.isSessionNotFound() ? session.closedBeforeExit(e) : e);
    } catch (RuntimeException e) {
      sink.abort(e);
    }
  }

  /** Hands on output in rounds until both streams are complete; returns the final state. */
  private ExecWaitResult followToEnd() throws InterruptedException {
    long waitMs = Math.min(POLL.toMillis(), session.client().callTimeout().toMillis() / 2);
    ExecWaitResult state = null;
    while (!lastSeq.isEmpty()) {
      for (Iterator<Map.Entry<StreamName, Long>> it = lastSeq.entrySet().iterator(); it.hasNext(); ) {
        if (handOn(it.next())) {
          it.remove();
        }
      }
      if (!lastSeq.isEmpty()) {
        state = await(waitMs);
      }
    }
    // exec.output may report the end a moment before exec.wait has the final state: wait for it
    while (state == null || state.status() == ProcessStatus.RUNNING) {
      state = await(waitMs);
    }
    return state;
  }

  /** Hands on the chunks of one stream after its last seq; returns whether the stream is complete. */
  private boolean handOn(Map.Entry<StreamName, Long> stream) throws InterruptedException {
    ExecOutputResult r = session.call(RexdMethods.EXEC_OUTPUT,
        new ExecOutputParams(session.id(), processId, stream.getKey(), stream.getValue()));
    for (OutputChunk c : r.chunks()) {
      if (c.stream() == stream.getKey() && c.seq() > stream.getValue()) {
        sink.onOutput(new Chunk(c.stream(), c.seq(), c.encoding().decode(c.data())));
        stream.setValue(c.seq());
      }
    }
    return ended(r.status());
  }

  private ExecWaitResult await(long timeoutMs) {
    ExecWaitResult r = session.call(RexdMethods.EXEC_WAIT, new ExecWaitParams(session.id(), processId, timeoutMs));
    ended(r.status());
    return r;
  }

  /** Whether the process was seen ended, by this status or an earlier one; notes when first seen. */
  private boolean ended(ProcessStatus status) {
    if (status != ProcessStatus.RUNNING && !endSeen) {
      endSeen = true;
      endNanos = System.nanoTime();
    }
    return endSeen;
  }
}
