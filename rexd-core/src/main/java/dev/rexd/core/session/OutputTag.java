package dev.rexd.core.session;

import dev.rexd.api.exec.StreamName;

/**
 * Which chunk an output event carries: its process, stream and {@code seq}. Watchers that were
 * brought up to date by a replay use it to skip what the replay already sent.
 *
 * <pre>{@code
 * session.publishOutput(new OutputTag("p_1", StreamName.STDOUT, 7), () -> frame);
 * }</pre>
 */
public record OutputTag(String processId, StreamName stream, long seq) {
  /** The key of this chunk's stream: process id and stream name. */
  public String streamKey() {
    return processId + "/" + stream;
  }
}
