package dev.rexd.client;

import dev.rexd.api.exec.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One piece of a remote program's output, exactly as the server read it: which stream, its
 * sequence number on that stream (from 1), and the bytes. A terminal's output is all
 * {@link StreamName#STDOUT}.
 *
 * <pre>{@code
 * session.exec("make").onStdout(chunk -> System.out.print(chunk.text())).start();
 * }</pre>
 */
public final class Chunk {
  private final StreamName stream;
  private final long seq;
  private final byte[] bytes;

  /** A chunk; {@code bytes} is copied. */
  public Chunk(StreamName stream, long seq, byte[] bytes) {
    this(stream, seq, bytes, true);
  }

  private Chunk(StreamName stream, long seq, byte[] bytes, boolean copy) {
    this.stream = stream;
    this.seq = seq;
    this.bytes = copy ? bytes.clone() : bytes;
  }

  /** A chunk that takes {@code bytes} as they are (the caller gives them up). */
  static Chunk owning(StreamName stream, long seq, byte[] bytes) {
    return new Chunk(stream, seq, bytes, false);
  }

  /** The stream the bytes came from. */
  public StreamName stream() {
    return stream;
  }

  /** The chunk's sequence number on its stream, from 1. */
  public long seq() {
    return seq;
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  /**
   * The bytes as UTF-8 text (malformed input replaced). A multi-byte character is never split
   * across the chunks of a valid UTF-8 stream.
   */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Appends the bytes to a collector without an extra copy. */
  void copyTo(java.io.ByteArrayOutputStream out) {
    out.write(bytes, 0, bytes.length);
  }

  /** Appends the bytes to {@code out} without copying them. */
  public void writeTo(java.io.OutputStream out) throws java.io.IOException {
    out.write(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Chunk && ((Chunk) o).stream == stream && ((Chunk) o).seq == seq
        && Arrays.equals(((Chunk) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return (stream.hashCode() * 31 + Long.hashCode(seq)) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Chunk[" + stream + " #" + seq + ", " + bytes.length + " bytes]";
  }
}
