package dev.rexd.api.exec;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which output stream of a process a chunk came from.
 *
 * <pre>{@code
 * String method = StreamName.STDOUT.eventName(); // "exec.stdout"
 * }</pre>
 */
public enum StreamName {
  @JsonProperty("stdout")
  STDOUT,
  @JsonProperty("stderr")
  STDERR;

  /** The event method that carries this stream's chunks. */
  public String eventName() {
    return this == STDOUT ? "exec.stdout" : "exec.stderr";
  }
}
