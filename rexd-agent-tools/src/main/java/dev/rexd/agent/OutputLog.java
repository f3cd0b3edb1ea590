package dev.rexd.agent;

import dev.rexd.api.exec.StreamName;
import dev.rexd.api.text.TextView;
import dev.rexd.client.Chunk;
import dev.rexd.client.ExitStatus;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A process's output as a model reads it: stdout and stderr rendered by a {@link TextView} each
 * (escapes stripped, {@code \r} redraws collapsed) into one text, line by line in arrival order,
 * addressed by byte offsets so a reader can continue where it stopped. A stream whose bytes are
 * not text (a NUL, or not UTF-8) is from there on only counted and sniffed for its MIME type. At
 * most {@code maxBytes} of text are kept (the oldest are dropped first). Thread-safe: output
 * arrives on client threads while a tool waits for it.
 *
 * <pre>{@code
 * OutputLog log = new OutputLog(8 << 20);
 * session.shell("make").onOutput(log::accept).onExit(log::exited).start();
 * log.awaitActivity(log.events(), deadline);
 * byte[] text = log.slice(0, log.committed());
 * }</pre>
 */
final class OutputLog {
  private static final int SNIFF_BYTES = 16;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition activity = lock.newCondition();
  private final int maxBytes;
  private byte[] text = new byte[4096];
  private int length;
  private long base;
  private long lastActivityNanos = System.nanoTime();
  private long events;
  private @Nullable ExitStatus exit;
  private final Stream stdout = new Stream(StreamName.STDOUT);
  private final Stream stderr = new Stream(StreamName.STDERR);

  /** One stream's view; a stream turns binary once and stays so. */
  private final class Stream {
    final StreamName name;
    final TextView view = new TextView(this::line);
    boolean binary;
    long binaryBytes;
    byte[] head = new byte[0];

    Stream(StreamName name) {
      this.name = name;
    }

    void line(String line) {
      append((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void accept(byte[] bytes) {
      int text = binary ? 0 : textPrefix(bytes);
      view.write(bytes, 0, text);
      if (text < bytes.length) {
        binary = true;
        if (head.length < SNIFF_BYTES) {
          head = Arrays.copyOfRange(bytes, text, Math.min(bytes.length, text + SNIFF_BYTES));
        }
        binaryBytes += bytes.length - text;
      }
    }

    @Nullable String note() {
      return binary ? "[binary output on " + name.name().toLowerCase(java.util.Locale.ROOT) + ": " + binaryBytes + " bytes, "
          + MimeTypes.of(head, "") + " — not shown; write it to a file and inspect it with other tools]" : null;
    }
  }

  OutputLog(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The process has started: idle time counts from now. */
  void started() {
    lock.lock();
    try {
      lastActivityNanos = System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  /** Takes a chunk of output (client thread). */
  void accept(Chunk chunk) {
    lock.lock();
    try {
      (chunk.stream() == StreamName.STDERR ? stderr : stdout).accept(chunk.bytes());
      signal();
    } finally {
      lock.unlock();
    }
  }

  /** The process ended: unfinished lines are committed. */
  void exited(ExitStatus status) {
    lock.lock();
    try {
      stdout.view.finish();
      stderr.view.finish();
      exit = status;
      signal();
    } finally {
      lock.unlock();
    }
  }

  /** How many times output arrived or the process ended so far. */
  long events() {
    lock.lock();
    try {
      return events;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until there was activity after the {@code seen}-th, the process ended, or
   * {@code deadlineNanos}; true unless the deadline passed first.
   */
  boolean awaitActivity(long seen, long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (events == seen && exit == null) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        activity.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  long lastActivityNanos() {
    lock.lock();
    try {
      return lastActivityNanos;
    } finally {
      lock.unlock();
    }
  }

  @Nullable ExitStatus exit() {
    lock.lock();
    try {
      return exit;
    } finally {
      lock.unlock();
    }
  }

  /** The offset after the last complete line. */
  long committed() {
    lock.lock();
    try {
      return base + length;
    } finally {
      lock.unlock();
    }
  }

  /** The offset of the oldest byte still kept. */
  long first() {
    lock.lock();
    try {
      return base;
    } finally {
      lock.unlock();
    }
  }

  /** The text between two offsets (clamped to what is kept). */
  byte[] slice(long from, long to) {
    lock.lock();
    try {
      int start = (int) Math.max(0, Math.min(length, from - base));
      int end = (int) Math.max(start, Math.min(length, to - base));
      return Arrays.copyOfRange(text, start, end);
    } finally {
      lock.unlock();
    }
  }

  /** The unfinished lines, as they show now (empty when none). */
  String pending() {
    lock.lock();
    try {
      return join(stdout.view.pendingLine(), stderr.view.pendingLine());
    } finally {
      lock.unlock();
    }
  }

  /** Notes on streams that carried binary data (empty when none). */
  String binaryNotes() {
    lock.lock();
    try {
      return join(stdout.note(), stderr.note());
    } finally {
      lock.unlock();
    }
  }

  private static String join(@Nullable String a, @Nullable String b) {
    List<String> parts = new ArrayList<>(2);
    for (String s : new String[] {a, b}) {
      if (s != null && !s.isEmpty()) {
        parts.add(s);
      }
    }
    return String.join("\n", parts);
  }

  private void append(byte[] bytes) {
    if (length + bytes.length > text.length) {
      if (length + bytes.length > maxBytes) {
        int drop = Math.min(length, Math.max(length / 2, length + bytes.length - maxBytes));
        System.arraycopy(text, drop, text, 0, length - drop);
        length -= drop;
        base += drop;
      }
      if (length + bytes.length > text.length) {
        text = Arrays.copyOf(text, Math.max(length + bytes.length, Math.min(maxBytes, text.length * 2)));
      }
    }
    System.arraycopy(bytes, 0, text, length, bytes.length);
    length += bytes.length;
  }

  private void signal() {
    lastActivityNanos = System.nanoTime();
    events++;
    activity.signalAll();
  }

  /** How many leading bytes are text: up to the first NUL or byte that is not UTF-8. */
  private static int textPrefix(byte[] bytes) {
    int end = 0;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    ByteBuffer in = ByteBuffer.wrap(bytes, 0, end);
    CoderResult r = StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(end), true);
    return r.isError() ? in.position() : end;
  }
}
