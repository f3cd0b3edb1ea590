package dev.rexd.api.exec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The state {@code exec.wait} and {@code session.info} report for a process.
 *
 * <pre>{@code
 * if (result.status() != ProcessStatus.RUNNING) { ... }
 * }</pre>
 */
public enum ProcessStatus {
  @JsonProperty("running")
  RUNNING,
  @JsonProperty("exited")
  EXITED,
  @JsonProperty("killed")
  KILLED,
  @JsonProperty("timed_out")
  TIMED_OUT
}
