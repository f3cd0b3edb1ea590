package dev.rexd.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * What a {@link RemoteProcess} and a {@link RemoteTerminal} share: a program running on the server,
 * its output as a {@link Flow.Publisher}, and its exit, all read from its {@link StreamSink}.
 *
 * <pre>{@code
 * RemoteProcess p = session.exec("make").start();   // or session.pty("bash").open()
 * p.output().subscribe(subscriber);
 * ExitStatus s = p.waitFor();
 * }</pre>
 */
abstract sealed class RemoteProgram permits RemoteProcess, RemoteTerminal {
  final RexdSession session;
  private final StreamSink sink;

  RemoteProgram(RexdSession session, StreamSink sink) {
    this.session = session;
    this.sink = sink;
  }

  /**
   * The output from the start — both streams of a process, the raw bytes of a terminal — in order,
   * as a single-subscriber publisher honouring {@code request(n)}: {@code onComplete} after the last
   * chunk, {@code onError} with {@link RexdTransportException} if the connection ends first. Not
   * available when output callbacks were set on the call (they are its subscriber).
   */
  public Flow.Publisher<Chunk> output() {
    OutputPublisher p = sink.publisher();
    if (p == null) {
      throw new IllegalStateException("this output is not kept");
    }
    return p;
  }

  /** Drops output not yet consumed and all later output; the exit is still reported. */
  public void discardOutput() {
    sink.discardOutput();
  }

  /**
   * Completes on a client thread when the program ended and its output was handed to its consumer;
   * fails with {@link RexdTransportException} if the connection ends first.
   */
  public CompletableFuture<ExitStatus> onExit() {
    return sink.exit().copy();
  }

  /** Waits for the program to end. */
  public ExitStatus waitFor() {
    return Await.get(sink.exit());
  }

  /** Waits at most {@code timeout} for the program to end; empty if it is still running. */
  public Optional<ExitStatus> waitFor(Duration timeout) {
    return Await.within(sink.exit(), timeout);
  }

  /**
   * Output lost so far: chunks the server had dropped from its replay buffer before the client,
   * reconnecting, caught up (see {@link ExecCall#onGap}). Empty unless the connection dropped.
   */
  public List<OutputGap> outputGaps() {
    return sink.gaps();
  }

  /** The sink this program's events go to. */
  StreamSink sink() {
    return sink;
  }

  /** Whether the exit was not reported yet. */
  public boolean isAlive() {
    return !sink.exit().isDone();
  }
}
