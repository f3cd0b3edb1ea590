package dev.rexd.api;

/**
 * The capability names a server lists in {@code session.open} (protocol sections 3 and 9).
 *
 * <pre>{@code
 * boolean canPty = result.capabilities().contains(Capabilities.PTY);
 * }</pre>
 */
public final class Capabilities {
  public static final String EXEC = "exec";
  public static final String FS = "fs";
  public static final String EVENTS = "events";
  public static final String PTY = "pty";
  /** {@code exec.start {tty: true}} (protocol section 9.7). */
  public static final String TTY = "tty";
  /** {@code exec.start {strip_ansi: true}} (protocol section 9.7). */
  public static final String STRIP_ANSI = "strip_ansi";
  public static final String HTTP = "http";
  public static final String EXEC_OUTPUT = "exec.output";
  public static final String REATTACH = "reattach";
  public static final String BATCH = "batch";
  /** {@code fs.grep} (section 9.6). */
  public static final String FS_GREP = "fs.grep";
  /** Processes and terminals run in a sandbox (protocol §7). */
  public static final String SANDBOX = "sandbox";
  public static final String RECORDING = "recording";
  public static final String CONSOLE = "console";
  public static final String APPROVAL = "approval";

  /** The protocol name a {@code session.open} result carries. */
  public static final String PROTOCOL = "rexd/1";

  private Capabilities() {}
}
