package dev.rexd.client;

import dev.rexd.api.exec.StreamName;

/**
 * Output of a remote program that never reached the client: after a reconnect, the chunks
 * {@code firstSeq} to {@code lastSeq} of {@code stream} had already left the server's replay
 * buffer ({@code replay_bytes}). Everything before and after the gap arrived, in order.
 *
 * <pre>{@code
 * session.exec("make", "-j8")
 *     .onStdout(chunk -> System.out.print(chunk.text()))
 *     .onGap(gap -> System.out.println("[... " + gap.chunks() + " chunks lost ...]"))
 *     .start();
 * }</pre>
 *
 * @param stream the stream the chunks belonged to
 * @param firstSeq the first missing sequence number
 * @param lastSeq the last missing sequence number
 */
public record OutputGap(StreamName stream, long firstSeq, long lastSeq) {
  /** How many chunks are missing. */
  public long chunks() {
    return lastSeq - firstSeq + 1;
  }
}
