package dev.rexd.client;

import dev.rexd.api.Encoding;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.exec.ExecInputParams;
import dev.rexd.api.exec.ExecKillParams;
import dev.rexd.api.exec.ExecOutputParams;
import dev.rexd.api.exec.ExecOutputResult;
import dev.rexd.api.exec.ExecStartResult;
import dev.rexd.api.exec.ExecWaitParams;
import dev.rexd.api.exec.ExecWaitResult;
import dev.rexd.api.exec.StreamName;
import java.util.Base64;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A process running on the server, started by {@link ExecCall#start()}: its output as a
 * {@link Flow.Publisher}, its stdin, signals, and its exit.
 *
 * <pre>{@code
 * RemoteProcess p = session.exec("python3", "-i").start();
 * p.output().subscribe(subscriber);          // every chunk, in order, at the subscriber's pace
 * p.write("print(6 * 7)\n");
 * p.closeStdin();
 * ExitStatus s = p.waitFor();
 * }</pre>
 *
 * <p>Output that nobody consumes is kept (up to the client's output buffer) for a subscriber that
 * comes later; past that the process is slowed, as an unread {@link Process} pipe would (over HTTP
 * POST, the polling of its output waits instead). Call {@link #discardOutput()} when the output
 * does not matter.
 */
public final class RemoteProcess extends RemoteProgram {
  private final String id;
  private final String startedAt;

  RemoteProcess(RexdSession session, ExecStartResult started, StreamSink sink) {
    super(session, sink);
    this.id = started.processId();
    this.startedAt = started.startedAt();
  }

  /** The server's id of the process. */
  public String id() {
    return id;
  }

  /** When it started, RFC 3339 UTC. */
  public String startedAt() {
    return startedAt;
  }

  /** Writes text to stdin (UTF-8); returns the bytes the server accepted. */
  public int write(String text) {
    return input(text, null, null);
  }

  /** Writes bytes to stdin; returns the bytes the server accepted. */
  public int write(byte[] bytes) {
    return input(Base64.getEncoder().encodeToString(bytes), Encoding.BASE64, null);
  }

  /** Closes stdin, so the process sees end of input. */
  public void closeStdin() {
    input(null, null, true);
  }

  private int input(@Nullable String data, @Nullable Encoding encoding, @Nullable Boolean eof) {
    return session.call(RexdMethods.EXEC_INPUT, new ExecInputParams(session.id(), id, data, encoding, eof))
        .acceptedBytes();
  }

  /** Sends {@code TERM} to the process group. */
  public void kill() {
    kill("TERM");
  }

  /**
   * Sends a signal to the process group: {@code TERM}, {@code KILL}, {@code INT}, {@code HUP},
   * {@code QUIT}, {@code USR1} or {@code USR2} (with or without {@code SIG}). Killing a process that
   * already ended does nothing.
   */
  public void kill(String signal) {
    session.call(RexdMethods.EXEC_KILL, new ExecKillParams(session.id(), id, signal));
  }

  /** Asks the server for the process's state now ({@code exec.wait} with no wait). */
  public ExecWaitResult status() {
    return session.call(RexdMethods.EXEC_WAIT, new ExecWaitParams(session.id(), id, 0L));
  }

  /**
   * The output chunks the server retained after {@code afterSeq} ({@code exec.output}, when the
   * server offers it), e.g. to recover after a reconnect.
   */
  public ExecOutputResult retainedOutput(@Nullable StreamName stream, long afterSeq) {
    return session.call(RexdMethods.EXEC_OUTPUT, new ExecOutputParams(session.id(), id, stream, afterSeq));
  }

  @Override
  public String toString() {
    return "RemoteProcess[" + id + "]";
  }
}
