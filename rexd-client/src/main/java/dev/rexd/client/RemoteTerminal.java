package dev.rexd.client;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.pty.PtyCloseParams;
import dev.rexd.api.pty.PtyInputParams;
import dev.rexd.api.pty.PtyOpenResult;
import dev.rexd.api.pty.PtyResizeParams;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A terminal (PTY) on the server: keystrokes in, raw terminal bytes out, resizable; closing it ends
 * its process group.
 *
 * {@code
 * try (RemoteTerminal t = s.pty("bash").open()) {
 *   t.output().subscribe(subscriber);
 *   t.write("echo hi\r");
 *   t.resize(200, 50);
 * }
 * }
 */
public final class RemoteTerminal implements AutoCloseable {
  private final RexdSession session;
  private final String id;
  private final String processId;
  private final StreamSink sink;

  RemoteTerminal(RexdSession session, PtyOpenResult opened, StreamSink sink) {
    this.session = session;
    this.id = opened.ptyId();
    this.processId = opened.processId();
    this.sink = sink;
  }

  /** The server's id of the terminal. */
  public String id() {
    return id;
  }

  /** The server's id of the process running in it. */
  public String processId() {
    return processId;
  }

  /**
   * The terminal output from the start, as a single-subscriber publisher honouring
   * {@code request(n)}. Not available when an output callback was set (it is its subscriber).
   */
  public Flow.Publisher<Chunk> output() {
    OutputPublisher p = sink.publisher();
    if (p == null) {
      throw new IllegalStateException("this terminal's output is not kept");
    }
    return p;
  }

  /** Types text (UTF-8); returns the bytes the server accepted. */
  public int write(String text) {
    return session.call(RexdMethods.PTY_INPUT, new PtyInputParams(session.id(), id, text, null)).acceptedBytes();
  }

  /** Sends raw bytes; returns the bytes the server accepted. */
  public int write(byte[] bytes) {
    return session.call(RexdMethods.PTY_INPUT,
        new PtyInputParams(session.id(), id, Base64.getEncoder().encodeToString(bytes), Encoding.BASE64))
        .acceptedBytes();
  }

  /** Resizes the terminal; the program sees SIGWINCH. */
  public void resize(int cols, int rows) {
    session.call(RexdMethods.PTY_RESIZE, new PtyResizeParams(session.id(), id, cols, rows));
  }

  /** Drops output not yet consumed and all later output; the exit is still reported. */
  public void discardOutput() {
    sink.discardOutput();
  }

  /** Completes on a client thread when the terminal's process ended and its output was handed on. */
  public CompletableFuture<ExitStatus> onExit() {
    return sink.exit().copy();
  }

  /** Waits for the terminal's process to end. */
  public ExitStatus waitFor() {
    return Await.get(sink.exit());
  }

  /** Waits at most {@code timeout}; empty if the terminal is still running. */
  public Optional<ExitStatus> waitFor(Duration timeout) {
    return Await.within(sink.exit(), timeout);
  }

  /** Whether the exit was not reported yet. */
  public boolean isAlive() {
    return !sink.exit().isDone();
  }

  /** Closes the terminal and ends its process group; does nothing once it ended or the connection is gone. */
  @Override
  public void close() {
    if (!isAlive() || !session.client().isOpen()) {
      return;
    }
    try {
      session.call(RexdMethods.PTY_CLOSE, new PtyCloseParams(session.id(), id));
    } catch (RexdRemoteException e) {
      if (e.code() != ErrorCode.PROCESS_NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public String toString() {
    return "RemoteTerminal[" + id + "]";
  }
}
