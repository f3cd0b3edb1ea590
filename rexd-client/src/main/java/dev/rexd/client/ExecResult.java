package dev.rexd.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a blocking or async exec: how the process ended and everything it wrote, as text
 * and as bytes (up to {@code max_output_bytes}; {@link #truncated()} says when the limit cut it).
 *
 * <pre>{@code
 * ExecResult r = session.exec("git", "status", "--short").run();
 * if (r.isSuccess()) { System.out.print(r.stdout()); } else { System.err.print(r.stderr()); }
 * }</pre>
 */
public final class ExecResult {
  private final String processId;
  private final ExitStatus exit;
  private final byte[] stdout;
  private final byte[] stderr;
  private final List<OutputGap> gaps;

  ExecResult(String processId, ExitStatus exit, byte[] stdout, byte[] stderr, List<OutputGap> gaps) {
    this.processId = processId;
    this.exit = exit;
    this.stdout = stdout;
    this.stderr = stderr;
    this.gaps = List.copyOf(gaps);
  }

  /**
   * Output that never arrived because the server had dropped it from its replay buffer before a
   * reconnect caught up; empty unless the connection dropped during a long, loud command.
   */
  public List<OutputGap> outputGaps() {
    return gaps;
  }

  /** The server's id of the process. */
  public String processId() {
    return processId;
  }

  /** How the process ended. */
  public ExitStatus exitStatus() {
    return exit;
  }

  /** The exit code, or null when a signal ended the process. */
  public @Nullable Integer exitCode() {
    return exit.exitCode();
  }

  /** The signal that ended the process (e.g. {@code SIGKILL}), if one did. */
  public @Nullable String signal() {
    return exit.signal();
  }

  /** Whether the server's timeout ended the process. */
  public boolean timedOut() {
    return exit.timedOut();
  }

  /** Whether output passed {@code max_output_bytes}, so the process was killed and output cut. */
  public boolean truncated() {
    return exit.truncated();
  }

  /** How long the process ran. */
  public long durationMs() {
    return exit.durationMs();
  }

  /** Whether it exited by itself with code 0, within its limits. */
  public boolean isSuccess() {
    return exit.isSuccess();
  }

  /** Standard output as UTF-8 text (malformed bytes replaced). */
  public String stdout() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  /** Standard error as UTF-8 text (malformed bytes replaced). */
  public String stderr() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  /** Standard output exactly as written (a copy). */
  public byte[] stdoutBytes() {
    return stdout.clone();
  }

  /** Standard error exactly as written (a copy). */
  public byte[] stderrBytes() {
    return stderr.clone();
  }

  @Override
  public String toString() {
    return "ExecResult[" + processId + ", " + exit + ", stdout " + stdout.length + " bytes, stderr "
        + stderr.length + " bytes]";
  }
}
