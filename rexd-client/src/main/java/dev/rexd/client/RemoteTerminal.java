package dev.rexd.client;

import dev.rexd.api.Encoding;
import dev.rexd.api.ErrorCode;
import dev.rexd.api.RexdMethods;
import dev.rexd.api.pty.PtyCloseParams;
import dev.rexd.api.pty.PtyInputParams;
import dev.rexd.api.pty.PtyOpenResult;
import dev.rexd.api.pty.PtyResizeParams;
import java.util.Base64;

/**
 * A terminal (PTY) on the server: keystrokes in, raw terminal bytes out, resizable; closing it ends
 * its process group.
 *
 * <pre>{@code
 * try (RemoteTerminal t = s.pty("bash").open()) {
 *   t.output().subscribe(subscriber);
 *   t.write("echo hi\r");
 *   t.resize(200, 50);
 * }
 * }</pre>
 */
public final class RemoteTerminal extends RemoteProgram implements AutoCloseable {
  private final String id;
  private final String processId;

  RemoteTerminal(RexdSession session, PtyOpenResult opened, StreamSink sink) {
    super(session, sink);
    this.id = opened.ptyId();
    this.processId = opened.processId();
  }

  /** The server's id of the terminal. */
  public String id() {
    return id;
  }

  /** The server's id of the process running in it. */
  public String processId() {
    return processId;
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
