package dev.rexd.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every limit a server enforces (protocol section 8), reported by name in {@code session.open}.
 *
 * <pre>{@code
 * Limits l = Limits.defaults().withMaxOutputBytes(1 << 20).withMaxProcessesPerSession(4);
 * }</pre>
 */
public record Limits(
    long defaultTimeoutMs,
    long hardTimeoutMs,
    long maxOutputBytes,
    long maxFileReadBytes,
    int maxProcessesPerSession,
    int maxConcurrentSessions,
    int maxMessageBytes) {

  public Limits {
    positive(defaultTimeoutMs, "default_timeout_ms");
    positive(hardTimeoutMs, "hard_timeout_ms");
    positive(maxOutputBytes, "max_output_bytes");
    positive(maxFileReadBytes, "max_file_read_bytes");
    positive(maxProcessesPerSession, "max_processes_per_session");
    positive(maxConcurrentSessions, "max_concurrent_sessions");
    positive(maxMessageBytes, "max_message_bytes");
    if (defaultTimeoutMs > hardTimeoutMs) {
      throw new IllegalArgumentException("default_timeout_ms must not exceed hard_timeout_ms");
    }
  }

  /** The defaults of the Go server's {@code rexd.example.toml}, plus a 16 MiB message limit. */
  public static Limits defaults() {
    return new Limits(30_000, 300_000, 1 << 20, 1 << 20, 8, 16, 16 << 20);
  }

  public Limits withDefaultTimeoutMs(long v) {
    return new Limits(v, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes);
  }

  public Limits withHardTimeoutMs(long v) {
    return new Limits(defaultTimeoutMs, v, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes);
  }

  public Limits withMaxOutputBytes(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, v, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes);
  }

  public Limits withMaxFileReadBytes(long v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, v, maxProcessesPerSession,
        maxConcurrentSessions, maxMessageBytes);
  }

  public Limits withMaxProcessesPerSession(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, v,
        maxConcurrentSessions, maxMessageBytes);
  }

  public Limits withMaxConcurrentSessions(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        v, maxMessageBytes);
  }

  public Limits withMaxMessageBytes(int v) {
    return new Limits(defaultTimeoutMs, hardTimeoutMs, maxOutputBytes, maxFileReadBytes, maxProcessesPerSession,
        maxConcurrentSessions, v);
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
    return m;
  }

  private static void positive(long v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
  }
}
