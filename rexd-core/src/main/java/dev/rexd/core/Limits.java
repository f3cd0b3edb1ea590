package dev.rexd.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every limit a server enforces (protocol sections 8 and 9.1), reported by name in
 * {@code session.open}.
 *
 * <pre>{@code
 * Limits l = Limits.defaults().withMaxOutputBytes(1 << 20).withMaxProcessesPerSession(4);
 * }</pre>
 *
 * @param replayBytes the output each process retains for {@code exec.output}: its last bytes
 * @param maxRetainedProcesses the ended processes a session keeps; older ones are evicted
 * @param maxRetainedBytes the retained output of the whole server; past it, ended processes' goes first
 * @param exitLingerMs how long after a process exited its {@code exec.exit} waits for background
 *     jobs that hold its output open
 */
public record Limits(
    long defaultTimeoutMs,
    long hardTimeoutMs,
    long maxOutputBytes,
    long maxFileReadBytes,
    int maxProcessesPerSession,
    int maxConcurrentSessions,
    int maxMessageBytes,
    long replayBytes,
    int maxRetainedProcesses,
    long maxRetainedBytes,
    long exitLingerMs) {

  public Limits {
    positive(defaultTimeoutMs, "default_timeout_ms");
    positive(hardTimeoutMs, "hard_timeout_ms");
    positive(maxOutputBytes, "max_output_bytes");
    positive(maxFileReadBytes, "max_file_read_bytes");
    positive(maxProcessesPerSession, "max_processes_per_session");
    positive(maxConcurrentSessions, "max_concurrent_sessions");
    positive(maxMessageBytes, "max_message_bytes");
    positive(replayBytes, "replay_bytes");
    positive(maxRetainedProcesses, "max_retained_processes");
    positive(maxRetainedBytes, "max_retained_bytes");
    notNegative(exitLingerMs, "exit_linger_ms");
    if (defaultTimeoutMs > hardTimeoutMs) {
      throw new IllegalArgumentException("default_timeout_ms must not exceed hard_timeout_ms");
    }
  }

  /** The limits of section 8 with the defaults of section 9.1 for the rest. */
  public Limits(long defaultTimeoutMs, long hardTimeoutMs, long maxOutputBytes, long maxFileReadBytes,
      int maxProcessesPerSession, int maxConcurrentSessions, int maxMessageBytes) {
    this(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, 8 << 20, 256, 256L << 20, 250);
  }

  /**
   * The defaults of the Go server's {@code rexd.example.toml}, plus a 16 MiB message limit, 8 MiB
   * of replay per process, 256 retained processes per session, 256 MiB of retained output in all
   * and 250 ms of exit linger.
   */
  public static Limits defaults() {
    return new Limits(30_000, 300_000, 1 << 20, 1 << 20, 8, 16, 16 << 20);
  }

  public Limits withDefaultTimeoutMs(long v) {
    return new Limits(v, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withHardTimeoutMs(long v) {
    return new Limits(defaultTimeoutMs, v, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxOutputBytes(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, v, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxFileReadBytes(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, v, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxProcessesPerSession(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, v,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxConcurrentSessions(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        v, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxMessageBytes(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, v, replayBytes, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withReplayBytes(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, v, maxRetainedProcesses, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxRetainedProcesses(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, v, maxRetainedBytes, exitLingerMs);
  }

  public Limits withMaxRetainedBytes(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, v, exitLingerMs);
  }

  public Limits withExitLingerMs(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes, replayBytes, maxRetainedProcesses, maxRetainedBytes, v);
  }

  /** The limits by their wire names, in config order. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("default_timeout_ms", defaultTimeoutMs);
    m.put("hard_timeout_ms", hardTimeoutMs);
    m.put("max_output_bytes", maxOutputBytes);
    m.put("max_file_read_bytes", maxFileReadBytes);
    m.put("max_processes_per_session", (long) maxProcessesPerSession);
    m.put("max_concurrent_sessions", (long) maxConcurrentSessions);
    m.put("max_message_bytes", (long) maxMessageBytes);
    m.put("replay_bytes", replayBytes);
    m.put("max_retained_processes", (long) maxRetainedProcesses);
    m.put("max_retained_bytes", maxRetainedBytes);
    m.put("exit_linger_ms", exitLingerMs);
    return m;
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }

  private static void notNegative(long v, String name) {
    if (v < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + v);
    }
  }
}
