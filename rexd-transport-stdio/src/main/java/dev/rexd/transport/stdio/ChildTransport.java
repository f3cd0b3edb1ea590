package dev.rexd.transport.stdio;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * NDJSON over a spawned child's stdin/stdout: closing it ends the child; a child that goes away on
 * its own ends the transport with a failure naming its exit status and last stderr lines.
 *
 * <pre>{@code
 * Transport t = new ChildTransport(process, "rexd --stdio", ChildStderr.discard().follow(process, "rexd"));
 * }</pre>
 */
final class ChildTransport extends StreamTransport {
  /** How long EOF on stdout may precede the child's exit before it is reported as still running. */
  private static final long EXIT_WAIT_MS = 2_000;

  /** How long the last stderr lines may take to arrive after the child's exit. */
  private static final long STDERR_WAIT_MS = 500;

  private final Process child;
  private final String command;
  private final ChildStderr.Tail stderr;

  ChildTransport(Process child, String command, ChildStderr.Tail stderr) {
    super(child.getInputStream(), child.getOutputStream(), StdioTransports.DEFAULT_MAX_FRAME_BYTES,
        () -> StdioTransports.reap(child));
    this.child = child;
    this.command = command;
    this.stderr = stderr;
  }

  @Override
  protected @Nullable Throwable endOfInput() {
    String how;
    try {
      how = child.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS) ? "exited with status " + child.exitValue()
          : "closed its stdout";
      stderr.awaitEnd(STDERR_WAIT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      how = "closed its stdout";
    }
    List<String> last = stderr.lines();
    return new IOException("the server process (" + command + ") " + how
        + (last.isEmpty() ? "" : "; its last stderr lines: " + String.join(" | ", last)));
  }
}
