package dev.rexd.core.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One recording file being written: the header first, then one whole line per event, each with
 * one write so that a crash leaves complete lines. Times are kept in microseconds since the start
 * and never go backwards. Used by the writer thread only.
 */
final class CastFile {
  private final Path path;
  private final CastFormat format;
  private final long startNanos;
  private final FileChannel channel;
  private long lastMicros;
  private volatile long size;
  private volatile boolean failed;

  private CastFile(Path path, CastFormat format, long startNanos, FileChannel channel) {
    this.path = path;
    this.format = format;
    this.startNanos = startNanos;
    this.channel = channel;
  }

  /** Creates the file (it must not exist) and writes its header. */
  static CastFile create(Path path, CastFormat format, CastHeader header, long startNanos) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    CastFile file = new CastFile(path, format, startNanos, channel);
    try {
      file.writeLine(format.headerLine(header));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return file;
  }

  /** Writes one event that happened at {@code nanos} ({@link System#nanoTime()}). */
  void append(long nanos, String code, String data) throws IOException {
    if (!format.supports(code)) {
      return;
    }
    long micros = Math.max(lastMicros, (nanos - startNanos) / 1_000);
    writeLine(format.eventLine(micros, lastMicros, code, data));
    lastMicros = micros;
  }

  private void writeLine(String line) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    long start = size;
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      try {
        channel.truncate(start);
      } catch (IOException ignored) {
        // the reader skips a torn last line anyway
      }
      throw e;
    }
    size = start + bytes.limit();
  }

  /** Stops writing for good after a failed write; the file keeps its complete lines. */
  void fail() {
    failed = true;
    close();
  }

  boolean failed() {
    return failed;
  }

  Path path() {
    return path;
  }

  /** Bytes written so far. */
  long size() {
    return size;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was buffered: every line went out with its own write
    }
  }
}
